package io.fluxgate.api.storage;

import java.util.Collection;

import org.osgi.annotation.versioning.ConsumerType;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * Told of what the config topic brings once the store has started (what it read while starting is in its first
 * {@linkplain ConfigStore#snapshot() snapshot}). Called on the store's reading thread, one record at a time, in topic
 * order: a listener hands the work over rather than blocking. Each method does nothing by default.
 */
@ConsumerType
public interface ConfigListener {

    /** A connector was created or its configuration changed. */
    default void connectorConfigUpdated(String connector) {
    }

    /** A connector was deleted. */
    default void connectorConfigRemoved(String connector) {
    }

    /** An existing connector's target state changed (not told for a connector created with its initial state). */
    default void targetStateChanged(String connector) {
    }

    /**
     * A connector's task configurations were committed; {@code tasks} are those whose configuration the commit
     * applied (empty when the commit only changed the count or could not be applied).
     */
    default void taskConfigsCommitted(String connector, Collection<ConnectorTaskId> tasks) {
    }

    default void restartRequested(RestartRequest request) {
    }

    default void sessionKeyUpdated(SessionKey key) {
    }

    /** A logger level was set for the whole cluster ({@code PUT /admin/loggers/{ns}?scope=cluster}). */
    default void loggerLevelChanged(String namespace, String level) {
    }
}
