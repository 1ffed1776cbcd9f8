package org.sparkfit.worker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.datasets.Examples;
import org.sparkfit.worker.cache.BlockArrays;
import org.sparkfit.worker.cache.StoredPart;
import scala.Tuple2;

/**
 * The Spark task that runs a model, given as a broadcast flat state, over one partition of input a block at a time,
 * and gives each input row's prediction keyed by the input row's key (its place in the input, which a part need not
 * hold in one contiguous run): the partition's predictions are never held whole, and never reach the driver.
 * {@link #numbered} makes the prediction a row of {@link #schema} once the row's number is known.
 */
public final class PredictTask implements PairFlatMapFunction<Iterator<StoredPart>, Long, Row> {
    private static final long serialVersionUID = 1L;

    private final TrainingSpec spec;
    private final Broadcast<float[]> state;

    public PredictTask(TrainingSpec spec, Broadcast<float[]> state) {
        this.spec = spec;
        this.state = state;
    }

    /**
     * The columns of a prediction: {@code row} (the input row's number from 0), {@code prediction} (the class, or the
     * value), and the predicted class's {@code probability} (a softmax or sigmoid) or the {@code margin} (hinge).
     * Values are rounded to 6 significant digits.
     */
    public static StructType schema(Task task) {
        StructType schema = new StructType().add("row", DataTypes.LongType, false);
        return switch (task.kind()) {
            case MULTICLASS, BINARY -> schema.add("prediction", DataTypes.IntegerType, false)
                    .add("probability", DataTypes.DoubleType, false);
            case MARGIN -> schema.add("prediction", DataTypes.IntegerType, false)
                    .add("margin", DataTypes.DoubleType, false);
            case REGRESSION -> schema.add("prediction", DataTypes.DoubleType, false);
        };
    }

    /** The prediction of input row number {@code row} (from 0), as a row of {@link #schema}. */
    public static Row numbered(long row, Row prediction) {
        Object[] values = new Object[prediction.length() + 1];
        values[0] = row;
        for (int i = 0; i < prediction.length(); i++) {
            values[i + 1] = prediction.get(i);
        }
        return RowFactory.create(values);
    }

    @Override
    public Iterator<Tuple2<Long, Row>> call(Iterator<StoredPart> partition) {
        if (!partition.hasNext()) {
            return Collections.emptyIterator();
        }
        StoredPart part = partition.next();
        BlockArrays arrays = new BlockArrays();
        Inference.Chunks chunks = new Inference.Chunks(spec.task());
        int[] block = {0};
        return new ChunkedOutput<>(spec.networkJson(), state, () -> block[0] < part.blocks(), net -> {
            // The last block's predictions are made: its arrays take the next one.
            arrays.releaseAll();
            return predict(net, part.block(block[0]++, arrays), chunks);
        });
    }

    private List<Tuple2<Long, Row>> predict(MultiLayerNetwork net, Examples block, Inference.Chunks chunks) {
        Task task = spec.task();
        float[] out = Inference.outputs(net, block, task.outputs(), chunks);
        List<Tuple2<Long, Row>> rows = new ArrayList<>(block.rows());
        for (int r = 0; r < block.rows(); r++) {
            int at = r * task.outputs();
            double predicted = task.prediction(out, at);
            rows.add(new Tuple2<>(block.rowKey(r), switch (task.kind()) {
                case MULTICLASS -> RowFactory.create((int) predicted, rounded(out[at + (int) predicted]));
                case BINARY -> RowFactory.create((int) predicted, rounded(predicted == 1 ? out[at] : 1 - out[at]));
                case MARGIN -> RowFactory.create((int) predicted, rounded(out[at]));
                case REGRESSION -> RowFactory.create(rounded(out[at]));
            }));
        }
        return rows;
    }

    /** {@code v} to 6 significant digits, as {@code %.6g} prints it. */
    private static double rounded(float v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", v));
    }
}
