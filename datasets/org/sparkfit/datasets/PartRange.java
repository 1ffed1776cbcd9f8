package org.sparkfit.datasets;

/**
 * The contiguous records [start, end) that part {@code index} of {@code parts} owns in a data set of {@code total}
 * records; parts differ in size by at most one record.
 */
public record PartRange(long start, long end) {

    public static PartRange of(long total, int index, int parts) {
        if (parts < 1 || index < 0 || index >= parts) {
            throw new IllegalArgumentException("part " + index + " of " + parts);
        }
        return new PartRange(total * index / parts, total * (index + 1) / parts);
    }

    /** The part of {@code parts} whose range ({@link #of}) holds record {@code record} of {@code total}. */
    public static int partOf(long record, long total, int parts) {
        if (record < 0 || record >= total) {
            throw new IllegalArgumentException("record " + record + " of " + total);
        }
        return Math.toIntExact(((record + 1) * parts - 1) / total);
    }

    public int size() {
        return Math.toIntExact(end - start);
    }
}
