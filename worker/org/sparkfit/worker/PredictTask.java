package org.sparkfit.worker;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.worker.cache.StoredPart;

/** The Spark task that runs a model over one partition of input and returns its raw outputs. */
public final class PredictTask extends ModelTask<Predictions> {
    private static final long serialVersionUID = 1L;

    public PredictTask(TrainingSpec spec, Broadcast<float[]> state) {
        super(spec, state);
    }

    @Override
    protected Predictions apply(MultiLayerNetwork net, StoredPart data) {
        int width = spec.task().outputs();
        return Predictions.concat(data.map(block -> Predictions.of(block, Inference.outputs(net, block, width), width)),
                width);
    }
}
