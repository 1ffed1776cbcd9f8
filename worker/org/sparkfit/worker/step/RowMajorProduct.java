package org.sparkfit.worker.step;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.worker.NativeFloats;

/**
 * A dense layer's pre-activation {@code xW + b} on the CPU, row-major as DL4J returns it, with DL4J's rounding but
 * less data movement. DL4J's {@code mmuli} multiplies into a column-major array it allocates per call, copies that
 * into the row-major result with libnd4j's strided assignment, and adds the bias in another op; here the same BLAS
 * call writes into a column-major array kept for the next call, and one Java pass turns it row-major and adds the
 * bias (the same float additions).
 */
final class RowMajorProduct {
    private static final int BLOCK = 16;
    private INDArray columnMajor;
    /**
     * Java copies of the product, as large as the largest product so far: a layer alternates between training's
     * batches and evaluation's larger chunks, and arrays of a chunk's size made anew at each change (2 MB each for
     * 1,024 rows of 512 units) were large allocations that set off garbage collections.
     */
    private float[] columns = new float[0];
    private float[] rows = new float[0];
    private float[] bias = new float[0];

    /**
     * {@code layer}'s pre-activation as DL4J's {@code BaseLayer} computes it (dropout on the input first, the mask
     * after), or null where this does not apply: layer normalization, no float matrices, or sizes that do not fit
     * (DL4J's own path then says why). The layer hands in what only it may call: its input as it stands, its
     * dropout and its masking.
     */
    INDArray preOutput(BaseLayer<?> layer, Supplier<INDArray> input, Runnable dropOut, Consumer<INDArray> mask,
                       LayerWorkspaceMgr workspaceMgr) {
        INDArray weights = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray x = input.get();
        if (layer.hasLayerNorm() || x == null || x.rank() != 2 || weights.rank() != 2
                || x.columns() != weights.rows() || x.dataType() != DataType.FLOAT
                || weights.dataType() != DataType.FLOAT) {
            return null;
        }
        dropOut.run();
        INDArray z = of(input.get(), weights, layer.hasBias() ? layer.getParam(DefaultParamInitializer.BIAS_KEY) : null,
                workspaceMgr);
        if (layer.getMaskArray() != null) {
            mask.accept(z);
        }
        return z;
    }

    /** {@code x W + b} ({@code b} null for none) in a new row-major array of {@code workspaceMgr}'s activations. */
    private INDArray of(INDArray x, INDArray weights, INDArray b, LayerWorkspaceMgr workspaceMgr) {
        long[] shape = {x.rows(), weights.columns()};
        int length = Math.toIntExact(shape[0] * shape[1]);
        if (columnMajor == null || !Arrays.equals(columnMajor.shape(), shape)) {
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                columnMajor = Nd4j.createUninitialized(DataType.FLOAT, shape, 'f');
            }
            if (columns.length < length) {
                columns = new float[length];
                rows = new float[length];
            }
            bias = new float[(int) shape[1]];
            // Adding -0 leaves every float as it is, so a layer without bias runs the same pass.
            Arrays.fill(bias, -0.0f);
        }
        Nd4j.gemm(x, weights, columnMajor, false, false, 1.0, 0.0);
        if (b != null) {
            NativeFloats.of(b).get(bias);
        }
        columnMajor.data().asNioFloat().get(columns, 0, length);
        rowMajorPlusBias((int) shape[0], (int) shape[1]);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, shape, 'c');
        NativeFloats.ofContiguous(z).put(rows, 0, length);
        return z;
    }

    /** {@code rows} = the column-major {@code columns} in row-major order, plus the bias along each row. */
    private void rowMajorPlusBias(int examples, int units) {
        for (int first = 0; first < units; first += BLOCK) {
            int end = Math.min(first + BLOCK, units);
            for (int i = 0; i < examples; i++) {
                int row = i * units;
                for (int j = first; j < end; j++) {
                    rows[row + j] = columns[j * examples + i] + bias[j];
                }
            }
        }
    }
}
