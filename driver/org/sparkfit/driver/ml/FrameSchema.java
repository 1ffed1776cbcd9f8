package org.sparkfit.driver.ml;

import java.util.Arrays;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparkfit.driver.UserInputException;

/**
 * Checks a Dataset's schema against what sparkfit reads and writes, with the same one-line messages as the CLI's
 * checks of a file: the features column a Spark ML vector or an array of numbers, as wide as the model's input where
 * its ML attributes tell the width; the label column numeric; the output columns new.
 */
final class FrameSchema {
    private FrameSchema() {
    }

    /**
     * Checks the features {@code columns} names (featuresCol, or the featuresCols) for a model of input
     * {@code input} ({@code width} values).
     */
    static void checkFeatures(StructType schema, SparkfitColumns columns, int width, String input) {
        String[] numeric = columns.getFeaturesCols();
        if (numeric.length == 0) {
            checkFeatures(schema, "featuresCol", columns.getFeaturesCol(), width, input);
            return;
        }
        for (String column : numeric) {
            DataType type = field(schema, "featuresCols", column).dataType();
            if (!(type instanceof NumericType) && !type.equals(DataTypes.BooleanType)) {
                throw new UserInputException("featuresCols '" + column + "': a column of " + type.simpleString()
                        + "; each of featuresCols must be numeric (index strings with StringIndexer)");
            }
        }
        if (numeric.length != width) {
            throw new UserInputException("featuresCols: " + numeric.length + " columns but model.input " + input
                    + " takes " + width + "; fix model.input or the columns");
        }
    }

    private static void checkFeatures(StructType schema, String param, String column, int width, String input) {
        StructField field = field(schema, param, column);
        DataType type = field.dataType();
        boolean numbers = type instanceof ArrayType array && array.elementType() instanceof NumericType;
        if (!type.equals(SQLDataTypes.VectorType()) && !numbers) {
            throw new UserInputException(param + " '" + column + "': a column of " + type.simpleString() + "; "
                    + "the features must be a Spark ML vector (assemble columns with VectorAssembler) or an array of "
                    + "numbers");
        }
        int size = type.equals(SQLDataTypes.VectorType()) ? AttributeGroup.fromStructField(field).size() : -1;
        if (size >= 0 && size != width) {
            throw new UserInputException(param + " '" + column + "': its vectors hold " + size + " values (their ML "
                    + "attributes say) but model.input " + input + " takes " + width + "; fix model.input or the "
                    + "column");
        }
    }

    /** Checks that the label column {@code column} (the param {@code param}) is numeric. */
    static void checkLabel(StructType schema, String param, String column) {
        DataType type = field(schema, param, column).dataType();
        if (!(type instanceof NumericType)) {
            throw new UserInputException(param + " '" + column + "': a column of " + type.simpleString() + "; the "
                    + "label must be numeric: a class index from 0, or a value (index strings with StringIndexer)");
        }
    }

    /** Checks that the indicator column {@code column} (the param {@code param}) is boolean. */
    static void checkIndicator(StructType schema, String param, String column) {
        DataType type = field(schema, param, column).dataType();
        if (!type.equals(DataTypes.BooleanType)) {
            throw new UserInputException(param + " '" + column + "': a column of " + type.simpleString() + "; it "
                    + "must be boolean, true for the rows held out for validation");
        }
    }

    /** {@code schema} with the new column {@code column} (the param {@code param}) of {@code type} appended. */
    static StructType append(StructType schema, String param, String column, DataType type) {
        if (Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new UserInputException(param + " '" + column + "': the Dataset has a column of that name already; "
                    + "set another " + param);
        }
        return schema.add(new StructField(column, type, false, Metadata.empty()));
    }

    private static StructField field(StructType schema, String param, String column) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new UserInputException(param + " '" + column + "': the Dataset has no such column; its columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        return schema.apply(column);
    }
}
