package io.fluxgate.api.herder;

/** The outcome of writing a connector configuration: whether it created the connector, and the connector now. */
public record PutResult(boolean created, ConnectorInfo info) {
}
