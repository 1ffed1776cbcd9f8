package org.sparkfit.worker;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a scoring task gives Spark: its rows made a chunk at a time as Spark pulls them, by the executor thread's
 * network ({@link ThreadNetworks}) loaded with the broadcast parameters when the first chunk is needed (never for an
 * empty partition). A partition's output is never held whole.
 */
final class ChunkedOutput<T> implements Iterator<T> {
    private final String networkJson;
    private final Broadcast<float[]> params;
    private final BooleanSupplier more;
    private final Function<MultiLayerNetwork, List<T>> chunk;
    private MultiLayerNetwork net;
    private Iterator<T> rows = Collections.emptyIterator();

    /**
     * @param more  whether input is left for another chunk
     * @param chunk the next chunk's rows, made by the network
     */
    ChunkedOutput(String networkJson, Broadcast<float[]> params, BooleanSupplier more,
                  Function<MultiLayerNetwork, List<T>> chunk) {
        this.networkJson = networkJson;
        this.params = params;
        this.more = more;
        this.chunk = chunk;
    }

    @Override
    public boolean hasNext() {
        while (!rows.hasNext() && more.getAsBoolean()) {
            if (net == null) {
                net = ThreadNetworks.withParams(networkJson, params.value());
            }
            rows = chunk.apply(net).iterator();
        }
        return rows.hasNext();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return rows.next();
    }
}
