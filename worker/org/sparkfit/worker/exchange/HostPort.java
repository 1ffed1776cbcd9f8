package org.sparkfit.worker.exchange;

import java.net.InetSocketAddress;

/**
 * The {@code host:port} strings that the tracker, the tasks reporting to it and the ring's ranks pass around, as
 * socket addresses.
 */
public final class HostPort {
    private HostPort() {
    }

    /** {@code host:port} (the host may hold colons, as an IPv6 literal does) as an unresolved-if-need-be address. */
    public static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
