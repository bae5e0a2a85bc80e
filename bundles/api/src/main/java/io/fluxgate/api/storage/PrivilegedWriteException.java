package io.fluxgate.api.storage;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A write only the cluster's leader may make was refused: this worker has not claimed the right to write the config
 * topic ({@link ConfigStore#claimWritePrivileges()}), or another worker has claimed it since, fencing this one's
 * transactional producer. Apache Kafka Connect's {@code org.apache.kafka.connect.storage.PrivilegedWriteException}:
 * the herder takes it as the sign that it is no longer the leader.
 */
public class PrivilegedWriteException extends ConnectException {

    private static final long serialVersionUID = 1L;

    public PrivilegedWriteException(String message) {
        super(message);
    }

    public PrivilegedWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
