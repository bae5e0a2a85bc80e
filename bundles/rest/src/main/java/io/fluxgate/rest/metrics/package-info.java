/**
 * {@code GET /metrics}: the worker's Kafka metrics, read from the platform MBeanServer where Kafka's
 * {@code JmxReporter} publishes them, and served in Prometheus' text format with the names, labels and types the
 * Prometheus JMX exporter gives them under Strimzi's Kafka Connect rules, so that dashboards and alerts written for
 * Kafka Connect with that agent work unchanged, without the agent.
 *
 * <p>The pieces, in the order a scrape uses them: {@link io.fluxgate.rest.metrics.KafkaMBeans} reads the attributes
 * of the {@code kafka.*} MBeans; {@link io.fluxgate.rest.metrics.ExportRules} turns each into a
 * {@link io.fluxgate.rest.metrics.Sample} with the first {@link io.fluxgate.rest.metrics.ExportRule} that matches, as
 * the exporter does ({@link io.fluxgate.rest.metrics.StrimziConnectRules} are the rules);
 * {@link io.fluxgate.rest.metrics.MetricFamilies} groups the samples; {@link io.fluxgate.rest.metrics.ExpositionFormat}
 * writes them. {@link io.fluxgate.rest.metrics.MetricsResource} is the JAX-RS resource. Nothing here depends on the
 * rest of the bundle.
 */
package io.fluxgate.rest.metrics;
