package org.sparkfit.datasets;

/** A growable float array, so rows are not boxed while a part of a text format is read. */
final class FloatList {
    /** The most elements a Java array can hold on common JVMs. */
    static final int MOST = Integer.MAX_VALUE - 8;

    private final String source;
    private final int most;
    private float[] data = new float[1024];
    private int size;

    /** @param source the data set read, for the message when a part holds more values than an array can */
    FloatList(String source) {
        this(source, MOST);
    }

    FloatList(String source, int most) {
        this.source = source;
        this.most = most;
    }

    void add(float v) {
        grow(1);
        data[size - 1] = v;
    }

    void addAll(float[] values) {
        grow(values.length);
        System.arraycopy(values, 0, data, size - values.length, values.length);
    }

    /** Makes room for {@code n} more values at the end. */
    private void grow(int n) {
        if (size + (long) n > most) {
            throw new DataFormatException(source + ": a worker's part holds more than " + most + " values, more "
                    + "than one array takes; raise spark.workers so that each part is smaller");
        }
        if (size + n > data.length) {
            data = java.util.Arrays.copyOf(data, (int) Math.min(most, Math.max(size + (long) n, 2L * data.length)));
        }
        size += n;
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
