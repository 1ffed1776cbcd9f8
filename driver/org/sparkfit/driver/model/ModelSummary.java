package org.sparkfit.driver.model;

import java.util.Locale;

/** Keras' {@code model.summary()} table for a planned network: layers, output shapes, parameter counts. */
public final class ModelSummary {
    private static final int WIDTH = 65;
    private static final String FORMAT = " %-28s%-26s%-10s";

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
            sb.append(String.format(FORMAT, label, layer.shapeText(), layer.params()).stripTrailing()).append('\n');
            sb.append((i == plan.layers().size() - 1 ? "=" : "_").repeat(WIDTH)).append('\n');
        }
        long total = plan.totalParams();
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", total));
        sb.append("Non-trainable params: 0\n");
        sb.append("_".repeat(WIDTH)).append('\n');
        return sb.toString();
    }
}
