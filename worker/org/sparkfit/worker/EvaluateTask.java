package org.sparkfit.worker;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.worker.cache.StoredPart;

/** The Spark task that scores a model on one partition of held-out data. */
public final class EvaluateTask extends ModelTask<Scores> {
    private static final long serialVersionUID = 1L;

    public EvaluateTask(TrainingSpec spec, Broadcast<float[]> state) {
        super(spec, state);
    }

    @Override
    protected Scores apply(MultiLayerNetwork net, StoredPart data) {
        return Inference.score(net, spec, data);
    }
}
