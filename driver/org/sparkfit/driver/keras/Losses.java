package org.sparkfit.driver.keras;

import java.util.List;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.worker.HuberLoss;
import org.sparkfit.worker.Task;

/**
 * Keras loss names, the DL4J losses behind them, and the task each implies for the last layer: the
 * cross-entropies classify (softmax over classes, or one sigmoid unit), mse and mae regress.
 */
public final class Losses {
    public static final List<String> NAMES = List.of("mse", "mae", "huber", "binary_crossentropy",
            "categorical_crossentropy", "sparse_categorical_crossentropy", "hinge");
    /** Keras' Huber default. */
    private static final double HUBER_DELTA = 1.0;

    private Losses() {
    }

    public static void check(String key, String loss) {
        if (!NAMES.contains(loss)) {
            throw new ConfigException(key, "unknown loss '" + loss + "'" + Names.suggestion(loss, NAMES)
                    + "; sparkfit knows: " + String.join(", ", NAMES));
        }
    }

    public static ILossFunction of(String loss) {
        return switch (loss) {
            case "mse" -> LossFunction.MSE.getILossFunction();
            case "mae" -> LossFunction.MEAN_ABSOLUTE_ERROR.getILossFunction();
            case "huber" -> new HuberLoss(HUBER_DELTA);
            case "hinge" -> LossFunction.HINGE.getILossFunction();
            case "binary_crossentropy" -> LossFunction.XENT.getILossFunction();
            default -> LossFunction.MCXENT.getILossFunction();
        };
    }

    /** The task {@code loss} implies for a last layer of {@code units} units with {@code activation}. */
    public static Task task(String loss, String activation, int units) {
        String last = "the last layer has " + units + " unit" + (units == 1 ? "" : "s") + " and activation "
                + activation;
        switch (loss) {
            case "categorical_crossentropy", "sparse_categorical_crossentropy" -> {
                if (!"softmax".equals(activation) || units < 2) {
                    throw new ConfigException("compile.loss", loss + " needs a last dense layer with softmax over "
                            + "2 or more units, but " + last + (units == 1
                            ? "; for one sigmoid unit use binary_crossentropy" : "; use activation: softmax"));
                }
                return Task.multiclass(units);
            }
            case "binary_crossentropy" -> {
                if (!"sigmoid".equals(activation) || units != 1) {
                    throw new ConfigException("compile.loss", "binary_crossentropy needs a last dense layer of 1 "
                            + "unit with activation sigmoid, but " + last + (units > 1
                            ? "; for several classes use softmax with categorical_crossentropy" : ""));
                }
                return Task.binary();
            }
            case "hinge" -> {
                if (units != 1 || !("linear".equals(activation) || "tanh".equals(activation))) {
                    throw new ConfigException("compile.loss", "hinge needs a last dense layer of 1 unit with "
                            + "activation linear or tanh (its sign is the class), but " + last
                            + "; for probabilities use sigmoid with binary_crossentropy");
                }
                return Task.margin();
            }
            default -> {
                if ("softmax".equals(activation)) {
                    throw new ConfigException("compile.loss", loss + " is a regression loss but " + last
                            + "; classify with categorical_crossentropy, or regress with activation linear");
                }
                if (units != 1) {
                    throw new ConfigException("compile.loss", loss + " regresses one label column, so the last "
                            + "layer needs 1 unit, but " + last);
                }
                return Task.regression();
            }
        }
    }
}
