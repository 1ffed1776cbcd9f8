package org.sparkfit.driver.layers;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.sparkfit.driver.ConfigException;

/**
 * Keras' output-size arithmetic for windows sliding over the leading axes of a channels-last input: the steps of a
 * sequence (conv1d, 1-D pooling) or the rows and columns of an image (conv2d, 2-D pooling).
 */
final class Windows {
    private Windows() {
    }

    /** One number for every axis, or one per axis, as Keras takes kernel sizes and strides. */
    static int[] sizes(List<Integer> values, int axes) {
        int[] sizes = new int[axes];
        for (int axis = 0; axis < axes; axis++) {
            sizes[axis] = values.get(values.size() == 1 ? 0 : axis);
        }
        return sizes;
    }

    /** The product of the window's sizes: its values per channel. */
    static long area(List<Integer> size, int axes) {
        long area = 1;
        for (int s : sizes(size, axes)) {
            area *= s;
        }
        return area;
    }

    /**
     * The output sizes along the first {@code axes} axes of {@code in} of a window of {@code size} moved by
     * {@code strides} with {@code padding} (valid, same, or causal, which pads in front as same does in all).
     */
    static int[] slide(String key, String window, List<Integer> size, List<Integer> strides, String padding,
                       Shape in, int axes) {
        int[] k = sizes(size, axes);
        int[] s = sizes(strides, axes);
        boolean padded = !"valid".equals(padding);
        int[] out = new int[axes];
        for (int axis = 0; axis < axes; axis++) {
            int n = in.dims()[axis];
            out[axis] = padded ? (n + s[axis] - 1) / s[axis] : (n - k[axis]) / s[axis] + 1;
            if (n < k[axis] && !padded || out[axis] < 1) {
                throw new ConfigException(key + "." + window, axes == 2 ? k[0] + "x" + k[1] + " does not fit the "
                        + in.dims()[0] + "x" + in.dims()[1] + " image it gets; use a smaller window, fewer "
                        + "pooling layers before it, or padding: same" : k[0] + " does not fit the " + n + " steps "
                        + "it gets; use a smaller window, fewer pooling layers before it, or padding: same");
            }
        }
        return out;
    }

    /** DL4J's convolution mode for Keras' padding. */
    static ConvolutionMode mode(String padding) {
        return switch (padding) {
            case "same" -> ConvolutionMode.Same;
            case "causal" -> ConvolutionMode.Causal;
            default -> ConvolutionMode.Truncate;
        };
    }

    /** Checks that {@code in} is an image, naming {@code type} and the fix. */
    static void requireImage(String key, String type, Shape in) {
        if (in.kind() != Shape.Kind.IMAGE) {
            throw new ConfigException(key, type + " takes an image [height, width, channels], but gets shape " + in
                    + (in.kind() == Shape.Kind.FLAT ? "; set model.input to the image's shape, e.g. [28, 28, 1], "
                    + "and keep flatten for after the convolutions" : ""));
        }
    }

    /** Checks that {@code in} is of {@code kind}, naming {@code type} and what it takes. */
    static void requireKind(String key, String type, Shape in, Shape.Kind kind, String what) {
        if (in.kind() != kind) {
            throw new ConfigException(key, type + " takes " + what + ", but gets shape " + in);
        }
    }
}
