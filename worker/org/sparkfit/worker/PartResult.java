package org.sparkfit.worker;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.sparkfit.datasets.DataFormatException;

/**
 * What one Spark task made of its part of a data set: a value, or the problem it found in the data. A task that
 * finds bad data returns it instead of failing, so that the driver sees every part's problem and reports the lowest
 * line or record of all of them, the same on every run, rather than whichever failing task Spark happened to see
 * first (and Spark logs nothing about a failed block).
 *
 * @param <T> what a part yields when its data is good
 */
public final class PartResult<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Comparator<PartResult<?>> LOWEST = Comparator
            .comparingLong((PartResult<?> r) -> r.problem.position()).thenComparingInt(r -> r.part);

    private final int part;
    private final T value;
    private final DataFormatException problem;

    private PartResult(int part, T value, DataFormatException problem) {
        this.part = part;
        this.value = value;
        this.problem = problem;
    }

    /** A read of part {@code part}, which may throw {@link DataFormatException}. */
    public interface Read<T> {
        T read() throws IOException;
    }

    /** Runs {@code read}, keeping a data problem as the result instead of failing the task. */
    public static <T> PartResult<T> of(int part, Read<T> read) throws IOException {
        try {
            return new PartResult<>(part, read.read(), null);
        } catch (DataFormatException e) {
            return new PartResult<>(part, null, e);
        }
    }

    /** The value; a part with a problem throws it, so a task that computes on it fails as before. */
    public T value() {
        if (problem != null) {
            throw problem;
        }
        return value;
    }

    /** This part's value mapped by {@code f}, or the same problem. */
    public <R> PartResult<R> map(Function<T, R> f) throws Exception {
        return problem != null ? new PartResult<>(part, null, problem) : new PartResult<>(part, f.call(value), null);
    }

    /**
     * The values of every part in order.
     *
     * @throws DataFormatException the problem at the lowest line or record of all parts (the lowest part among
     *                             problems without a position)
     */
    public static <T> List<T> values(List<PartResult<T>> results) {
        results.stream().filter(r -> r.problem != null).min(LOWEST).ifPresent(r -> {
            throw r.problem;
        });
        List<T> values = new ArrayList<>(results.size());
        results.forEach(r -> values.add(r.value));
        return values;
    }
}
