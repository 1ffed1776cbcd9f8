package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Keras' fit(): epochs, the mini-batch size each worker steps with, the seed behind initialisation and shuffling,
 * whether each epoch visits examples in a new seeded order, checkpoints, and early stopping (off unless given).
 */
public record FitConfig(Integer epochs, @JsonProperty("batch_size") Integer batchSize, Long seed, Boolean shuffle,
                        CheckpointConfig checkpoint,
                        @JsonProperty("early_stopping") EarlyStoppingConfig earlyStopping) {

    public FitConfig {
        epochs = epochs == null ? 1 : epochs;
        batchSize = batchSize == null ? 32 : batchSize;
        seed = seed == null ? 42L : seed;
        shuffle = shuffle == null ? Boolean.TRUE : shuffle;
        checkpoint = checkpoint == null ? new CheckpointConfig(null, null) : checkpoint;
    }
}
