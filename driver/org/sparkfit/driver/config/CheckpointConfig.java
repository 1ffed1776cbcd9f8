package org.sparkfit.driver.config;

/**
 * How often the driver saves a checkpoint (parameters, optimizer state, epoch, history) that {@code --resume}
 * continues from, and how many of the newest it keeps.
 */
public record CheckpointConfig(Integer every, Integer keep) {

    public CheckpointConfig {
        every = every == null ? 1 : every;
        keep = keep == null ? 2 : keep;
    }
}
