package org.sparkfit.worker;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One network per executor thread for the tasks that only apply a model (evaluation, prediction, a Spark ML
 * transform): built once per thread and network, and loaded with each task's state, so that tasks of any run, at
 * once or one after another, never share one. Training keeps its own, per run ({@link LocalTrainers}).
 */
public final class ThreadNetworks {
    private static final ThreadLocal<Built> NETWORK = new ThreadLocal<>();

    private ThreadNetworks() {
    }

    private record Built(String json, MultiLayerNetwork net) {
    }

    /** This thread's network of configuration {@code networkJson} (DL4J JSON), holding {@code params}. */
    public static MultiLayerNetwork withParams(String networkJson, float[] params) {
        ExecutorBackend.prepareTask();
        Built built = NETWORK.get();
        if (built == null || !built.json().equals(networkJson)) {
            MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(networkJson));
            net.init();
            built = new Built(networkJson, net);
            NETWORK.set(built);
        }
        FlatState.applyParams(params, built.net());
        return built.net();
    }
}
