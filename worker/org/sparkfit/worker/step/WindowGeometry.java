package org.sparkfit.worker.step;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a 2-D convolution's or pooling's windows lie on channels-first images, computed as DL4J's layers compute
 * it, so that the worker's Java layers ({@link TrainingConvolutionLayer}, {@link TrainingMaxPooling}) slide their
 * windows exactly where DL4J's would: the output's size and, in "same" mode, the padding at the top and left.
 * Sizes are [rows, columns].
 */
record WindowGeometry(int[] kernel, int[] stride, int[] padding, int[] dilation, ConvolutionMode mode) {

    static WindowGeometry of(ConvolutionLayer conf) {
        return new WindowGeometry(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf.getDilation(),
                conf.getConvolutionMode());
    }

    static WindowGeometry of(SubsamplingLayer conf) {
        return new WindowGeometry(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf.getDilation(),
                conf.getConvolutionMode());
    }

    /** The output's height and width for {@code images} (DL4J's computation, which also checks their size). */
    int[] outSize(INDArray images) {
        return ConvolutionUtils.getOutputSize(images, kernel, stride, same() ? null : padding, mode, dilation,
                CNN2DFormat.NCHW);
    }

    /** The padding at the top and left of {@code images} for an output of {@code outSize}. */
    int[] topLeftPadding(INDArray images, int[] outSize) {
        if (!same()) {
            return padding;
        }
        return ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) images.size(2),
            (int) images.size(3)}, kernel, stride, dilation);
    }

    private boolean same() {
        return mode == ConvolutionMode.Same;
    }
}
