package io.fluxgate.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks that a port can be bound before anything starts, so that a busy port is a clear one-line error rather than
 * a half-started worker. The platform bundles still report a failed bind themselves (a race is possible).
 */
final class PortCheck {

    private PortCheck() {
    }

    /** True when {@code host:port} can be bound now; an empty host means every interface. */
    static boolean isFree(String host, int port) {
        InetSocketAddress address = host == null || host.isEmpty()
                ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
