package org.sparkfit.worker;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.worker.cache.StoredPart;

/**
 * A Spark task that loads a model, given as a broadcast flat state, into its thread's network
 * ({@link ThreadNetworks}) and applies it to the partition's data.
 */
abstract class ModelTask<T> implements FlatMapFunction<Iterator<StoredPart>, T> {
    private static final long serialVersionUID = 1L;

    protected final TrainingSpec spec;
    private final Broadcast<float[]> state;

    ModelTask(TrainingSpec spec, Broadcast<float[]> state) {
        this.spec = spec;
        this.state = state;
    }

    @Override
    public Iterator<T> call(Iterator<StoredPart> partition) {
        if (!partition.hasNext()) {
            return Collections.emptyIterator();
        }
        StoredPart data = partition.next();
        if (data.rows() == 0) {
            return Collections.emptyIterator();
        }
        MultiLayerNetwork net = ThreadNetworks.withParams(spec.networkJson(), state.value());
        return Collections.singletonList(apply(net, data)).iterator();
    }

    protected abstract T apply(MultiLayerNetwork net, StoredPart data);
}
