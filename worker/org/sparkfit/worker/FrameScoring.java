package org.sparkfit.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.Preprocessing;

/**
 * The Spark task that scores a DataFrame partition's rows with a trained model: a chunk of rows at a time, their
 * features (each row's last field) put through the model's saved preprocessing and one forward pass of its
 * network, each row given back in its place (its fields before the features) with the prediction appended, and the
 * class probabilities as a Spark ML vector for a classifier whose outputs are probabilities. The network is the
 * executor thread's own ({@link ThreadNetworks}), loaded from the broadcast parameters.
 */
public final class FrameScoring implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private static final int CHUNK = 1024;

    private final String networkJson;
    private final Task task;
    private final Preprocessing preprocessing;
    private final FrameColumns columns;
    private final int fields;
    private final boolean probabilities;
    private final Broadcast<float[]> params;

    /**
     * @param columns       the features' name and the model's input width
     * @param fields        the fields of each row before its features, which the scored row keeps
     * @param probabilities whether each row gets its class probabilities too
     */
    public FrameScoring(String networkJson, Task task, Preprocessing preprocessing, FrameColumns columns,
                        int fields, boolean probabilities, Broadcast<float[]> params) {
        this.networkJson = networkJson;
        this.task = task;
        this.preprocessing = preprocessing;
        this.columns = columns.unlabeled();
        this.fields = fields;
        this.probabilities = probabilities;
        this.params = params;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Inference.Chunks chunks = new Inference.Chunks(task);
        return new ChunkedOutput<>(networkJson, params, rows::hasNext, net -> score(net, rows, chunks));
    }

    /** Scores the next chunk of {@code rows}. */
    private List<Row> score(MultiLayerNetwork net, Iterator<Row> rows, Inference.Chunks chunks) {
        List<Row> chunk = new ArrayList<>(CHUNK);
        while (chunk.size() < CHUNK && rows.hasNext()) {
            chunk.add(rows.next());
        }
        List<Examples> blocks = new ArrayList<>(1);
        try {
            columns.read(chunk.stream().map(row -> RowFactory.create(row.get(fields))).iterator(), 0, 0,
                    Long.MAX_VALUE, preprocessing.applied(blocks::add));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Examples block = Examples.concat(blocks);
        float[] out = Inference.outputs(net, block, task.outputs(), chunks);
        List<Row> scored = new ArrayList<>(chunk.size());
        for (int r = 0; r < chunk.size(); r++) {
            Row row = chunk.get(r);
            Object[] values = new Object[fields + (probabilities ? 2 : 1)];
            for (int f = 0; f < fields; f++) {
                values[f] = row.get(f);
            }
            int offset = r * task.outputs();
            values[fields] = task.prediction(out, offset);
            if (probabilities) {
                values[fields + 1] = Vectors.dense(task.probabilities(out, offset));
            }
            scored.add(RowFactory.create(values));
        }
        return scored;
    }
}
