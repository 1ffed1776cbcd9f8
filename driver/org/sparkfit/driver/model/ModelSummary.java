package org.sparkfit.driver.model;

import java.util.Locale;

/** Keras' {@code model.summary()} table for a planned network: layers, output shapes, parameter counts. */
public final class ModelSummary {
    private static final int WIDTH = 65;
    private static final int LABEL_WIDTH = 28;
    private static final String FORMAT = " %-" + LABEL_WIDTH + "s%-26s%-10s";

    private ModelSummary() {
    }

    public static String format(String modelName, NetworkPlan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(modelName).append("\"\n");
        sb.append("_".repeat(WIDTH)).append('\n');
        sb.append(String.format(FORMAT, "Layer (type)", "Output Shape", "Param #").stripTrailing()).append('\n');
        sb.append("=".repeat(WIDTH)).append('\n');
        for (int i = 0; i < plan.layers().size(); i++) {
            LayerPlan layer = plan.layers().get(i);
            String label = layer.name() + " (" + layer.kerasClass() + ")";
            if (label.length() < LABEL_WIDTH) {
                sb.append(String.format(FORMAT, label, layer.shapeText(), layer.params()).stripTrailing()).append('\n');
            } else {
                // As newer Keras does, a label too wide for its column goes on two lines: name, then (Class).
                sb.append(String.format(FORMAT, layer.name(), layer.shapeText(), layer.params()).stripTrailing())
                        .append('\n').append(' ').append('(').append(layer.kerasClass()).append(")\n");
            }
            sb.append((i == plan.layers().size() - 1 ? "=" : "_").repeat(WIDTH)).append('\n');
        }
        long total = plan.totalParams();
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        long frozen = plan.nonTrainableParams();
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", total - frozen));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", frozen));
        sb.append("_".repeat(WIDTH)).append('\n');
        return sb.toString();
    }
}
