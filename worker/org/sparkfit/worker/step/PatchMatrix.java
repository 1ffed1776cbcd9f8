package org.sparkfit.worker.step;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The patch matrix of a 2-D convolution over a batch of channels-first images (im2col) and its transpose's
 * reduction back onto the images (col2im), in Java loops over Java arrays: one row per kernel position
 * (channel, kernel row, kernel column), one column per output position (example, output row, output column), so a
 * row is a run of copies from the images that the JIT turns into block moves, and the convolution is one matrix
 * product with the kernels as an [outChannels, rows] matrix. libnd4j's own im2col and col2im walk the same values
 * through a generic strided loop, several times slower on one thread (docs/BENCHMARKS.md). Padding is zeros; any
 * stride and dilation.
 */
final class PatchMatrix {
    private static final int PADDING_ROW = Integer.MIN_VALUE;
    private final int examples;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int outHeight;
    private final int outWidth;
    private final float[] images;
    private final float[] row;
    /** For each kernel column, the first output column and one past the last that read inside the image. */
    private final int[] firstColumn;
    private final int[] endColumn;

    /**
     * For {@code examples} images of {@code channels} x {@code height} x {@code width}; {@code kernel},
     * {@code stride}, {@code padding} (top, left) and {@code dilation} as [rows, columns]; {@code outSize} the
     * output's [height, width] the convolution mode gives.
     */
    PatchMatrix(int examples, int channels, int height, int width, int[] kernel, int[] stride, int[] padding,
                int[] dilation, int[] outSize) {
        this.examples = examples;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.outHeight = outSize[0];
        this.outWidth = outSize[1];
        this.images = new float[Math.multiplyExact(Math.multiplyExact(examples, channels), height * width)];
        this.row = new float[Math.multiplyExact(examples, outHeight * outWidth)];
        this.firstColumn = new int[kernel[1]];
        this.endColumn = new int[kernel[1]];
        for (int kw = 0; kw < kernel[1]; kw++) {
            int left = kw * dilation[1] - padding[1];
            int first = 0;
            while (first < outWidth && left + first * stride[1] < 0) {
                first++;
            }
            int end = outWidth;
            while (end > first && left + (end - 1) * stride[1] >= width) {
                end--;
            }
            firstColumn[kw] = first;
            endColumn[kw] = end;
        }
    }

    /** Whether this matrix is laid out for these images and this convolution. */
    boolean fits(int examples, int channels, int height, int width, int[] kernel, int[] stride, int[] padding,
                 int[] dilation, int[] outSize) {
        return this.examples == examples && this.channels == channels && this.height == height
                && this.width == width && Arrays.equals(this.kernel, kernel) && Arrays.equals(this.stride, stride)
                && Arrays.equals(this.padding, padding) && Arrays.equals(this.dilation, dilation)
                && outHeight == outSize[0] && outWidth == outSize[1];
    }

    /** Rows of the matrix: channels x kernel height x kernel width. */
    int rows() {
        return channels * kernel[0] * kernel[1];
    }

    /** Columns of the matrix: examples x output height x output width. */
    int columns() {
        return row.length;
    }

    /**
     * Writes the patch matrix of the images in {@code source} (channels-first, example by example, from its
     * position 0) to {@code matrix} (row by row, from its position 0).
     */
    void fill(FloatBuffer source, FloatBuffer matrix) {
        source.get(0, images, 0, images.length);
        for (int r = 0; r < rows(); r++) {
            int kw = r % kernel[1];
            int first = firstColumn[kw];
            int end = endColumn[kw];
            for (int n = 0; n < examples; n++) {
                for (int oh = 0; oh < outHeight; oh++) {
                    int at = imageRow(r, n, oh);
                    int to = (n * outHeight + oh) * outWidth;
                    if (at == PADDING_ROW) {
                        Arrays.fill(row, to, to + outWidth, 0f);
                        continue;
                    }
                    Arrays.fill(row, to, to + first, 0f);
                    if (stride[1] == 1) {
                        System.arraycopy(images, at + first, row, to + first, end - first);
                    } else {
                        for (int ow = first; ow < end; ow++) {
                            row[to + ow] = images[at + ow * stride[1]];
                        }
                    }
                    Arrays.fill(row, to + end, to + outWidth, 0f);
                }
            }
            matrix.put(r * row.length, row, 0, row.length);
        }
    }

    /**
     * Sums a matrix of this shape in {@code matrix} onto the images' positions its entries came from and writes
     * the images to {@code target} (channels-first, from its position 0): the gradient of the images from the
     * gradient of their patch matrix.
     */
    void reduce(FloatBuffer matrix, FloatBuffer target) {
        Arrays.fill(images, 0f);
        for (int r = 0; r < rows(); r++) {
            matrix.get(r * row.length, row, 0, row.length);
            int kw = r % kernel[1];
            int first = firstColumn[kw];
            int end = endColumn[kw];
            for (int n = 0; n < examples; n++) {
                for (int oh = 0; oh < outHeight; oh++) {
                    int at = imageRow(r, n, oh);
                    int from = (n * outHeight + oh) * outWidth;
                    if (at == PADDING_ROW) {
                        continue;
                    } else if (stride[1] == 1) {
                        for (int ow = first; ow < end; ow++) {
                            images[at + ow] += row[from + ow];
                        }
                    } else {
                        for (int ow = first; ow < end; ow++) {
                            images[at + ow * stride[1]] += row[from + ow];
                        }
                    }
                }
            }
        }
        target.put(0, images, 0, images.length);
    }

    /**
     * Where, in the images, row {@code r} of the matrix reads for example {@code n} and output row {@code oh}: the
     * position of output column 0 (which may lie in the padding, left of the image, even before position 0), or
     * {@link #PADDING_ROW}.
     */
    private int imageRow(int r, int n, int oh) {
        int kw = r % kernel[1];
        int kh = r / kernel[1] % kernel[0];
        int c = r / (kernel[0] * kernel[1]);
        int ih = oh * stride[0] + kh * dilation[0] - padding[0];
        if (ih < 0 || ih >= height) {
            return PADDING_ROW;
        }
        return ((n * channels + c) * height + ih) * width + kw * dilation[1] - padding[1];
    }
}
