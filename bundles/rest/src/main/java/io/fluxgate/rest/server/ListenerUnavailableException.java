package io.fluxgate.rest.server;

import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

import io.fluxgate.boot.config.RestListener;

/** A listener cannot be bound: its port is taken, its host is not an address of this machine... */
public final class ListenerUnavailableException extends RestServerException {

    private static final long serialVersionUID = 1L;

    private final transient RestListener listener;

    ListenerUnavailableException(RestListener listener, Throwable cause) {
        super("REST listener " + listener + " cannot start: " + reason(listener, cause), cause);
        this.listener = listener;
    }

    public RestListener listener() {
        return listener;
    }

    private static String reason(RestListener listener, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "host " + listener.host() + " is unknown";
            }
            if (t instanceof BindException) {
                String message = String.valueOf(t.getMessage());
                if (message.toLowerCase(Locale.ROOT).contains("in use")) {
                    return "port " + listener.port() + " is already in use";
                }
                return "cannot bind " + (listener.anyHost() ? "port " + listener.port() : listener.host() + ":"
                        + listener.port()) + " (" + message + ")";
            }
        }
        return String.valueOf(failure);
    }
}
