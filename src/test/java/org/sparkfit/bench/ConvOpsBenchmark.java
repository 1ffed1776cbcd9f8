package org.sparkfit.bench;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How fast libnd4j's own convolution ops ({@code conv2d}, {@code conv2d_bp}) run the course CNN's two convolutions
 * (conf/fashion-mnist-cnn.yaml: 3x3, no padding, batch 64; 1x28x28 to 32 filters, then 32x13x13 to 64), against the
 * matrix products a convolution needs (forward: the im2col matrix times the weights; backward: the weights'
 * gradient and the input's), on one thread: whether a training convolution layer on those ops would come nearer
 * PyTorch's step than DL4J's own layer (docs/SCALING.md). Prints milliseconds per call, the median of 7 runs of 20.
 * Run by hand or through {@code scripts/bench}; never part of the tests.
 */
public final class ConvOpsBenchmark {
    private static final int BATCH = 64;
    private static final int KERNEL = 3;
    private static final int RUNS = 7;
    private static final int CALLS = 20;

    private ConvOpsBenchmark() {
    }

    public static void main(String[] args) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        System.out.println("libnd4j convolution ops, batch 64, 3x3, one thread (median of 7 runs of 20), ms per call");
        System.out.printf(Locale.ROOT, "%-26s %10s %10s %14s %14s%n", "convolution", "conv2d", "conv2d_bp",
                "products fwd", "products bwd");
        convolution(1, 28, 32);
        convolution(32, 13, 64);
    }

    private static void convolution(int channels, int side, int filters) {
        int out = side - KERNEL + 1;
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, channels, side, side);
        INDArray w = Nd4j.rand(DataType.FLOAT, KERNEL, KERNEL, channels, filters);
        INDArray b = Nd4j.rand(DataType.FLOAT, filters);
        INDArray eps = Nd4j.rand(DataType.FLOAT, BATCH, filters, out, out);
        INDArray y = Nd4j.create(DataType.FLOAT, BATCH, filters, out, out);
        INDArray gx = Nd4j.create(DataType.FLOAT, BATCH, channels, side, side);
        INDArray gw = Nd4j.create(DataType.FLOAT, KERNEL, KERNEL, channels, filters);
        INDArray gb = Nd4j.create(DataType.FLOAT, filters);
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode off, NCHW, weights [kH, kW, iC, oC]
        int[] config = {KERNEL, KERNEL, 1, 1, 0, 0, 1, 1, 0, 0, 0};
        DynamicCustomOp forward = DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(y)
                .addIntegerArguments(config).build();
        DynamicCustomOp backward = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, eps)
                .addOutputs(gx, gw, gb).addIntegerArguments(config).build();
        int rows = BATCH * out * out;
        int inner = channels * KERNEL * KERNEL;
        INDArray columns = Nd4j.rand(DataType.FLOAT, rows, inner);
        INDArray weights = Nd4j.rand(DataType.FLOAT, inner, filters);
        INDArray products = Nd4j.create(DataType.FLOAT, rows, filters);
        INDArray errors = Nd4j.rand(DataType.FLOAT, rows, filters);
        INDArray weightGradient = Nd4j.create(DataType.FLOAT, inner, filters);
        INDArray columnGradient = Nd4j.create(DataType.FLOAT, rows, inner);
        System.out.printf(Locale.ROOT, "%-26s %10.2f %10.2f %14.2f %14.2f%n",
                channels + "x" + side + "x" + side + " -> " + filters,
                median(() -> Nd4j.exec(forward)), median(() -> Nd4j.exec(backward)),
                median(() -> Nd4j.gemm(columns, weights, products, false, false, 1, 0)),
                median(() -> {
                    Nd4j.gemm(columns, errors, weightGradient, true, false, 1, 0);
                    Nd4j.gemm(errors, weights, columnGradient, false, true, 1, 0);
                }));
    }

    /** The median over {@link #RUNS} runs of the milliseconds per call, after one run to warm up. */
    private static double median(Runnable call) {
        double[] ms = new double[RUNS + 1];
        for (int run = 0; run <= RUNS; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                call.run();
            }
            ms[run] = (System.nanoTime() - start) / 1e6 / CALLS;
        }
        double[] timed = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(timed);
        return timed[RUNS / 2];
    }
}
