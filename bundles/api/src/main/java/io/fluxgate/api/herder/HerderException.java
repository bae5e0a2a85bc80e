package io.fluxgate.api.herder;

/**
 * A request the herder refuses, with the HTTP status Kafka Connect answers it with; the message is what the user
 * reads in the error body.
 */
public class HerderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HerderException(int status, String message) {
        super(message);
        this.status = status;
    }

    public HerderException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status: 400 bad request or invalid config, 404 unknown, 409 conflict, 500 internal. */
    public int status() {
        return status;
    }

    /** {@code Connector c not found} (404). */
    public static HerderException connectorNotFound(String connector) {
        return new HerderException(404, "Connector " + connector + " not found");
    }

    /** {@code Task c-n not found} (404). */
    public static HerderException taskNotFound(ConnectorTaskId task) {
        return new HerderException(404, "Task " + task + " not found");
    }

    /** {@code Connector c already exists} (409). */
    public static HerderException connectorExists(String connector) {
        return new HerderException(409, "Connector " + connector + " already exists");
    }
}
