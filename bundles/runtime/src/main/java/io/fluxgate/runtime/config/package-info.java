/**
 * Connector configurations: their framework settings (Kafka Connect's ConnectorConfig, Source- and
 * SinkConnectorConfig), their validation through the plugin registry, client override policies and topic creation
 * groups.
 */
package io.fluxgate.runtime.config;
