package io.fluxgate.api.storage;

import org.apache.kafka.connect.errors.ConnectException;

/** STUB (replaced by the storage branch). */
public class PrivilegedWriteException extends ConnectException {
    private static final long serialVersionUID = 1L;

    public PrivilegedWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
