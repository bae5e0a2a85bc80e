package io.fluxgate.rest.metrics;

/** A metric family's type, as an exporter rule declares it, and its word in each exposition format. */
public enum MetricType {
    GAUGE("gauge", "gauge"),
    COUNTER("counter", "counter"),
    /** The exporter's {@code UNTYPED}, also what a family mixing types becomes. */
    UNTYPED("untyped", "unknown");

    private final String prometheusText;
    private final String openMetrics;

    MetricType(String prometheusText, String openMetrics) {
        this.prometheusText = prometheusText;
        this.openMetrics = openMetrics;
    }

    /** The word of a {@code # TYPE} line in Prometheus' text format 0.0.4. */
    String prometheusText() {
        return prometheusText;
    }

    /** The word of a {@code # TYPE} line in OpenMetrics 1.0.0. */
    String openMetrics() {
        return openMetrics;
    }
}
