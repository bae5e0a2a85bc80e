package io.fluxgate.broker;

/** The embedded broker cannot start; the message is one line naming why (a busy port, an unusable directory). */
public final class BrokerStartException extends Exception {

    private static final long serialVersionUID = 1L;

    BrokerStartException(String message) {
        super(message);
    }

    BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
