package org.sparkfit.worker.step;

import java.nio.FloatBuffer;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.sparkfit.worker.NativeFloats;

/**
 * An optimizer's update computed in Java instead of by libnd4j's op, on the same state arrays (the views into the
 * network's flat updater state, which averaging, checkpoints and saved models read) and with the op's float
 * arithmetic: the gradient and state are copied in chunks that stay in the CPU's cache into Java arrays, on which
 * the JIT vectorizes the update, and back. libnd4j's updater ops run one scalar loop (about 4 ns per value for
 * RMSProp here; 1 ns with the copies in Java). {@link #step} goes further for {@link LocalStep}: the division by
 * the batch, the update and the subtraction from the parameters in one pass. Everything else is DL4J's own
 * updater's, which also applies the update whenever an array is not a dense float vector, and the stateless ones
 * (a single native pass already) outside a whole step. One subclass per optimizer.
 *
 * @param <U> DL4J's updater, which holds the configuration and state arrays
 */
abstract class ChunkedUpdater<U extends GradientUpdater<?>> implements GradientUpdater<IUpdater> {
    private static final int CHUNK = 4096;
    protected final U dl4j;
    private final float[] gradient = new float[CHUNK];
    private final float[] values = new float[CHUNK];
    private final float[][] state;

    ChunkedUpdater(U dl4j, int stateArrays) {
        this.dl4j = dl4j;
        this.state = new float[stateArrays][CHUNK];
    }

    /** The state arrays, in the order {@link #update} takes them; none for a stateless update. */
    INDArray[] stateArrays() {
        return new INDArray[0];
    }

    /** Sets the iteration's hyperparameters (learning rate and momentum schedules, bias corrections). */
    abstract void prepare(int iteration, int epoch);

    /** Turns {@code g[0..n)} into the update, advancing {@code s}, as libnd4j's op does. */
    abstract void update(float[] g, float[][] s, int n);

    @Override
    public final void applyUpdater(INDArray gradientView, int iteration, int epoch) {
        if (stateArrays().length == 0 || !NativeFloats.isDense(gradientView) || !denseState(gradientView.length())) {
            // A stateless update is one native pass already; it gains only inside a whole step.
            dl4j.applyUpdater(gradientView, iteration, epoch);
            return;
        }
        prepare(iteration, epoch);
        pass(NativeFloats.of(gradientView), null, 0, 0, Math.toIntExact(gradientView.length()), 1f);
    }

    /**
     * The whole optimizer step over {@code n} values of a parameter that this updater's state covers from
     * {@code stateAt}: divides the gradient from {@code at} by {@code divisor} (DL4J's division by the mini-batch),
     * turns it into the update and subtracts that from the parameters, in one pass; after {@link #prepare}. The
     * gradient view keeps the raw gradient.
     */
    final void step(FloatBuffer params, FloatBuffer gradients, int at, int stateAt, int n, float divisor) {
        pass(gradients, params, at, stateAt, n, divisor);
    }

    /** Whether the state arrays are dense float vectors of {@code length} values, which the Java update needs. */
    final boolean denseState(long length) {
        for (INDArray array : stateArrays()) {
            if (array == null || !NativeFloats.isDense(array) || array.length() != length) {
                return false;
            }
        }
        return true;
    }

    private void pass(FloatBuffer g, FloatBuffer params, int at, int stateAt, int length, float divisor) {
        INDArray[] arrays = stateArrays();
        FloatBuffer[] s = new FloatBuffer[arrays.length];
        for (int k = 0; k < arrays.length; k++) {
            s[k] = NativeFloats.of(arrays[k]);
        }
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            g.get(at + from, gradient, 0, n);
            if (divisor != 1f) {
                for (int i = 0; i < n; i++) {
                    gradient[i] /= divisor;
                }
            }
            for (int k = 0; k < s.length; k++) {
                s[k].get(stateAt + from, state[k], 0, n);
            }
            update(gradient, state, n);
            for (int k = 0; k < s.length; k++) {
                s[k].put(stateAt + from, state[k], 0, n);
            }
            if (params == null) {
                g.put(at + from, gradient, 0, n);
            } else {
                params.get(at + from, values, 0, n);
                for (int i = 0; i < n; i++) {
                    values[i] -= gradient[i];
                }
                params.put(at + from, values, 0, n);
            }
        }
    }

    @Override
    public IUpdater getConfig() {
        return dl4j.getConfig();
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        dl4j.setState(stateMap, initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return dl4j.getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        dl4j.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
    }
}
