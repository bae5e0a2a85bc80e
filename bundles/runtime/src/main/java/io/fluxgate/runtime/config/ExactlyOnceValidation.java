package io.fluxgate.runtime.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.boot.config.WorkerMode;

/**
 * KIP-618's preflight checks of a source connector's {@code exactly.once.support} and {@code transaction.boundary},
 * with Apache Kafka Connect 4.3.1's messages ({@code DistributedHerder.validateSourceConnectorExactlyOnceSupport} and
 * {@code validateSourceConnectorTransactionBoundary}). Fluxgate workers never have exactly-once source support
 * enabled (the launcher refuses {@code exactly.once.source.support=enabled}), so a connector that requires it is
 * refused, never run at least once in its place: at validation, and at start for a configuration stored earlier
 * (an Apache cluster's config topic). Standalone mode refuses it too, with the words of Apache's standalone herder;
 * Apache's standalone mode itself accepts the setting and runs the connector at least once.
 */
public final class ExactlyOnceValidation {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceValidation.class);
    static final String STANDALONE = "Kafka Connect in standalone mode does not support exactly-once source connectors.";
    static final String NOT_ENABLED = "This worker does not have exactly-once source support enabled.";

    private final WorkerMode mode;
    private final boolean enabled;

    /** A worker without exactly-once source support. */
    public ExactlyOnceValidation(WorkerMode mode) {
        this(mode, false);
    }

    /** @param enabled {@code exactly.once.source.support=enabled} (distributed mode only) */
    public ExactlyOnceValidation(WorkerMode mode, boolean enabled) {
        this.mode = mode;
        this.enabled = enabled && mode == WorkerMode.DISTRIBUTED;
    }

    /**
     * Adds the errors of {@code connector}'s exactly-once settings to {@code validated} (whose values passed the
     * framework's definitions); calls the connector's own answers, so call it with the plugin's loader in place.
     */
    public void validate(Map<String, String> props, Map<String, ConfigValue> validated, SourceConnector connector) {
        ConfigValue support = validated.get(ConnectorConfigDefs.EXACTLY_ONCE_SUPPORT);
        if (support != null && support.errorMessages().isEmpty() && isRequired(support.value())) {
            if (mode == WorkerMode.STANDALONE) {
                support.addErrorMessage(STANDALONE);
            } else {
                if (!enabled) {
                    support.addErrorMessage(NOT_ENABLED);
                }
                connectorSupport(props, connector).ifPresent(support::addErrorMessage);
            }
        }
        ConfigValue boundary = validated.get(ConnectorConfigDefs.TRANSACTION_BOUNDARY);
        if (mode != WorkerMode.STANDALONE && boundary != null && boundary.errorMessages().isEmpty()
                && "connector".equalsIgnoreCase(Objects.toString(boundary.value()).trim())) {
            connectorBoundaries(props, connector).ifPresent(boundary::addErrorMessage);
        }
    }

    /**
     * Why a source connector stored with {@code exactly.once.support=required} must not start on this worker; empty
     * for every other configuration.
     */
    public Optional<String> refusalToStart(String connector, Map<String, String> props) {
        if (enabled || !isRequired(props.get(ConnectorConfigDefs.EXACTLY_ONCE_SUPPORT))) {
            return Optional.empty();
        }
        return Optional.of("Connector " + connector + " requires exactly-once delivery (exactly.once.support="
                + "required), which this worker does not provide: "
                + (mode == WorkerMode.STANDALONE ? STANDALONE : NOT_ENABLED));
    }

    /**
     * Throws, with the reason, for a source connector stored with {@code exactly.once.support=required} (written by an
     * Apache cluster, or before this check), so that it fails instead of running at least once.
     */
    public void requireDeliverable(String connector, Class<?> connectorClass, Map<String, String> props) {
        if (SourceConnector.class.isAssignableFrom(connectorClass)) {
            refusalToStart(connector, props).ifPresent(reason -> {
                throw new ConnectException(reason);
            });
        }
    }

    private static boolean isRequired(Object value) {
        return value != null && "required".equals(value.toString().trim().toLowerCase(Locale.ROOT));
    }

    private static Optional<String> connectorSupport(Map<String, String> props, SourceConnector connector) {
        try {
            ExactlyOnceSupport answer = connector.exactlyOnceSupport(props);
            if (answer == null) {
                return Optional.of("The connector does not implement the API required for preflight validation of "
                        + "exactly-once source support. Please consult the documentation for the connector to "
                        + "determine whether it supports exactly-once semantics, and then consider reconfiguring the "
                        + "connector to use the value \"requested\" for this property (which will disable this "
                        + "preflight check and allow the connector to be created).");
            }
            return answer == ExactlyOnceSupport.SUPPORTED ? Optional.empty() : Optional.of(
                    "The connector does not support exactly-once semantics with the provided configuration.");
        } catch (Exception e) {
            LOG.error("Failed while validating connector support for exactly-once semantics", e);
            return Optional.of(unexpected(e));
        }
    }

    private static Optional<String> connectorBoundaries(Map<String, String> props, SourceConnector connector) {
        try {
            ConnectorTransactionBoundaries answer = connector.canDefineTransactionBoundaries(props);
            if (answer == null) {
                return Optional.of("This connector has returned a null value from its canDefineTransactionBoundaries "
                        + "method, which is not permitted. The connector will be treated as if it cannot define its "
                        + "own transaction boundaries, and cannot be configured with 'transaction.boundary' set to "
                        + "'connector'.");
            }
            return answer == ConnectorTransactionBoundaries.SUPPORTED ? Optional.empty() : Optional.of(
                    "The connector does not support connector-defined transaction boundaries with the given "
                            + "configuration. Please reconfigure it to use a different transaction boundary "
                            + "definition.");
        } catch (Exception e) {
            LOG.error("Failed while validating connector support for defining its own transaction boundaries", e);
            return Optional.of(unexpected(e));
        }
    }

    private static String unexpected(Exception e) {
        String message = e.getMessage();
        return message != null && !message.trim().isEmpty()
                ? "An unexpected error occurred during validation: " + message.trim()
                : "An unexpected error occurred during validation; please see the worker logs for more details.";
    }
}
