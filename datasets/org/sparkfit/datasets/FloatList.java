package org.sparkfit.datasets;

/** A growable float array, so rows are not boxed while a part of a text format is read. */
final class FloatList {
    private float[] data = new float[1024];
    private int size;

    void add(float v) {
        grow(1);
        data[size - 1] = v;
    }

    void addAll(float[] values) {
        grow(values.length);
        System.arraycopy(values, 0, data, size - values.length, values.length);
    }

    /** Appends {@code n} zeros. */
    void grow(int n) {
        while (size + n > data.length) {
            data = java.util.Arrays.copyOf(data, data.length * 2);
        }
        size += n;
    }

    void set(int i, float v) {
        data[i] = v;
    }

    float last() {
        return data[size - 1];
    }

    int size() {
        return size;
    }

    float[] toArray() {
        return java.util.Arrays.copyOf(data, size);
    }
}
