package io.fluxgate.rest.extensions;

/** A REST extension cannot be used; the message, one line, names it and why. */
public final class RestExtensionException extends Exception {

    private static final long serialVersionUID = 1L;

    RestExtensionException(String message, Throwable cause) {
        super(message, cause);
    }
}
