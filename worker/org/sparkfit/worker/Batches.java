package org.sparkfit.worker;

/** Row orders for cutting mini-batches out of a partition's examples ({@link BatchBuffers}). */
public final class Batches {
    private Batches() {
    }

    /** The identity order of {@code rows} rows. */
    public static int[] inOrder(int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        return order;
    }
}
