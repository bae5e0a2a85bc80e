package io.fluxgate.rest.server;

/** The REST server cannot start. The message is one line, fit to be shown to the user as it is. */
public class RestServerException extends Exception {

    private static final long serialVersionUID = 1L;

    public RestServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
