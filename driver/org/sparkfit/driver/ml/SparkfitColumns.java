package org.sparkfit.driver.ml;

import java.util.Arrays;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The columns sparkfit's Estimator reads and its Model writes, shared by both as Spark ML's shared column params
 * are, with the same names and meanings: features, label, prediction and class probabilities.
 */
public interface SparkfitColumns extends Params {
    String FEATURES = "features";
    String LABEL = "label";
    String PREDICTION = "prediction";
    String PROBABILITY = "probability";

    default Param<String> featuresCol() {
        return new Param<>(this, "featuresCol", "the features column: a Spark ML vector (dense or sparse) or an "
                + "array of numbers, as wide as the model's input (default: " + FEATURES + ")");
    }

    default StringArrayParam featuresCols() {
        return new StringArrayParam(this, "featuresCols", "numeric columns to take the features from, in order, "
                + "instead of featuresCol (default: none)");
    }

    default Param<String> labelCol() {
        return new Param<>(this, "labelCol", "the label column, numeric: a class index from 0, or a value to "
                + "regress (default: " + LABEL + ")");
    }

    default Param<String> predictionCol() {
        return new Param<>(this, "predictionCol", "the column the model writes its prediction to, a double: the "
                + "class index or the value (default: " + PREDICTION + ")");
    }

    default Param<String> probabilityCol() {
        return new Param<>(this, "probabilityCol", "the column the model writes each class's probability to, as a "
                + "Spark ML vector, when its last layer gives probabilities (softmax, sigmoid); empty for none "
                + "(default: " + PROBABILITY + ")");
    }

    default String getFeaturesCol() {
        return getOrDefault(featuresCol());
    }

    default String[] getFeaturesCols() {
        return getOrDefault(featuresCols());
    }

    /** The features as one column: featuresCol, or the featuresCols gathered into an array of doubles. */
    default Column featuresColumn() {
        String[] columns = getFeaturesCols();
        return columns.length == 0 ? functions.col(getFeaturesCol()) : functions.array(Arrays.stream(columns)
                .map(column -> functions.col(column).cast("double")).toArray(Column[]::new));
    }

    default String getLabelCol() {
        return getOrDefault(labelCol());
    }

    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    default String getProbabilityCol() {
        return getOrDefault(probabilityCol());
    }
}
