package org.sparkfit.driver.model;

import java.util.List;
import org.sparkfit.driver.config.ConfigException;
import org.sparkfit.driver.config.Conv2DLayerConfig;
import org.sparkfit.driver.config.PoolingLayerConfig;

/** Keras' output-shape arithmetic for windows sliding over a channels-last image: conv2d and 2-D pooling. */
final class ImageShapes {
    private ImageShapes() {
    }

    static Shape conv(String key, Conv2DLayerConfig conv, Shape in) {
        requireImage(key, "conv2d", in);
        int[] hw = slide(key, "kernel_size", conv.kernelSize(), conv.strides(), conv.padding(), in);
        return new Shape(Shape.Kind.IMAGE, new int[] {hw[0], hw[1], conv.filters()});
    }

    static long convParams(Conv2DLayerConfig conv, Shape in) {
        int[] k = pair(conv.kernelSize());
        long kernel = (long) k[0] * k[1] * in.last() * conv.filters();
        return kernel + (conv.useBias() ? conv.filters() : 0);
    }

    static Shape pool(String key, PoolingLayerConfig pool, Shape in) {
        requireImage(key, pool.type(), in);
        int[] hw = slide(key, "pool_size", pool.poolSize(), pool.strides(), pool.padding(), in);
        return new Shape(Shape.Kind.IMAGE, new int[] {hw[0], hw[1], in.last()});
    }

    /** One number or [height, width], as Keras takes kernel sizes and strides. */
    static int[] pair(List<Integer> values) {
        return values.size() == 1 ? new int[] {values.get(0), values.get(0)}
                : new int[] {values.get(0), values.get(1)};
    }

    private static int[] slide(String key, String window, List<Integer> size, List<Integer> strides, String padding,
                               Shape in) {
        int[] k = pair(size);
        int[] s = pair(strides);
        int[] out = new int[2];
        for (int axis = 0; axis < 2; axis++) {
            int n = in.dims()[axis];
            out[axis] = "same".equals(padding) ? (n + s[axis] - 1) / s[axis] : (n - k[axis]) / s[axis] + 1;
            if (n < k[axis] && !"same".equals(padding) || out[axis] < 1) {
                throw new ConfigException(key + "." + window, k[0] + "x" + k[1] + " does not fit the "
                        + in.dims()[0] + "x" + in.dims()[1] + " image it gets; use a smaller window, fewer "
                        + "pooling layers before it, or padding: same");
            }
        }
        return out;
    }

    private static void requireImage(String key, String type, Shape in) {
        if (in.kind() != Shape.Kind.IMAGE) {
            throw new ConfigException(key, type + " takes an image [height, width, channels], but gets shape " + in
                    + (in.kind() == Shape.Kind.FLAT ? "; set model.input to the image's shape, e.g. [28, 28, 1], "
                    + "and keep flatten for after the convolutions" : ""));
        }
    }
}
