package org.sparkfit.worker;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.worker.cache.StoredPart;

/**
 * The Spark task that scores a model, given as a broadcast flat state and loaded into its thread's network
 * ({@link ThreadNetworks}), on one partition of held-out data.
 */
public final class EvaluateTask implements FlatMapFunction<Iterator<StoredPart>, Scores> {
    private static final long serialVersionUID = 1L;

    private final TrainingSpec spec;
    private final Broadcast<float[]> state;

    public EvaluateTask(TrainingSpec spec, Broadcast<float[]> state) {
        this.spec = spec;
        this.state = state;
    }

    @Override
    public Iterator<Scores> call(Iterator<StoredPart> partition) {
        if (!partition.hasNext()) {
            return Collections.emptyIterator();
        }
        StoredPart data = partition.next();
        if (data.rows() == 0) {
            return Collections.emptyIterator();
        }
        MultiLayerNetwork net = ThreadNetworks.withParams(spec.networkJson(), state.value());
        Scores scores = Inference.score(net, spec, data, new Inference.Chunks(spec.task()));
        return Collections.singletonList(scores).iterator();
    }
}
