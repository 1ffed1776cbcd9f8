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
 * RMSProp here; 1 ns with the copies in Java). Everything but {@link #applyUpdater} is DL4J's own updater's, which
 * also applies the update whenever an array is not a dense float vector. One subclass per optimizer.
 *
 * @param <U> DL4J's updater, which holds the configuration and state arrays
 */
abstract class ChunkedUpdater<U extends GradientUpdater<?>> implements GradientUpdater<IUpdater> {
    private static final int CHUNK = 4096;
    protected final U dl4j;
    private final float[] gradient = new float[CHUNK];
    private final float[][] state;

    ChunkedUpdater(U dl4j, int stateArrays) {
        this.dl4j = dl4j;
        this.state = new float[stateArrays][CHUNK];
    }

    /** The state arrays, in the order {@link #update} takes them. */
    abstract INDArray[] stateArrays();

    /** Sets the iteration's hyperparameters (learning rate and momentum schedules, bias corrections). */
    abstract void prepare(int iteration, int epoch);

    /** Turns {@code g[0..n)} into the update, advancing {@code s}, as libnd4j's op does. */
    abstract void update(float[] g, float[][] s, int n);

    @Override
    public final void applyUpdater(INDArray gradientView, int iteration, int epoch) {
        INDArray[] arrays = stateArrays();
        if (!dense(gradientView, arrays)) {
            dl4j.applyUpdater(gradientView, iteration, epoch);
            return;
        }
        prepare(iteration, epoch);
        FloatBuffer g = NativeFloats.of(gradientView);
        FloatBuffer[] s = new FloatBuffer[arrays.length];
        for (int k = 0; k < arrays.length; k++) {
            s[k] = NativeFloats.of(arrays[k]);
        }
        int length = g.limit();
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            g.get(from, gradient, 0, n);
            for (int k = 0; k < s.length; k++) {
                s[k].get(from, state[k], 0, n);
            }
            update(gradient, state, n);
            g.put(from, gradient, 0, n);
            for (int k = 0; k < s.length; k++) {
                s[k].put(from, state[k], 0, n);
            }
        }
    }

    private static boolean dense(INDArray gradientView, INDArray[] arrays) {
        if (!NativeFloats.isDense(gradientView)) {
            return false;
        }
        for (INDArray array : arrays) {
            if (array == null || !NativeFloats.isDense(array) || array.length() != gradientView.length()) {
                return false;
            }
        }
        return true;
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
