package org.sparkfit.driver.train;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Writes the run's checkpoints on a thread of its own while the next epoch trains, instead of between epochs, where
 * every worker would wait for it: one at a time and in epoch order. A checkpoint is complete or absent (each is
 * renamed into place), so a driver that dies while one is written resumes from the one before. A failed write
 * fails the run at the next epoch, or when training ends.
 */
final class CheckpointWriter implements AutoCloseable {
    private final Consumer<Checkpoint> save;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread writer = new Thread(task, "sparkfit-checkpoint-writer");
        writer.setDaemon(true);
        return writer;
    });
    private Future<?> pending = CompletableFuture.completedFuture(null);

    CheckpointWriter(Consumer<Checkpoint> save) {
        this.save = save;
    }

    /** Waits until the checkpoint being written, if any, is in place; rethrows its failure. */
    private void awaitWritten() {
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a checkpoint was written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Starts writing {@code checkpoint} once the one before it is in place. */
    void write(Checkpoint checkpoint) {
        awaitWritten();
        pending = thread.submit(() -> save.accept(checkpoint));
    }

    /** Waits for the last checkpoint. */
    @Override
    public void close() {
        try {
            awaitWritten();
        } finally {
            thread.shutdown();
        }
    }
}
