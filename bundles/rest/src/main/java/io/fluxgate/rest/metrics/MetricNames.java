package io.fluxgate.rest.metrics;

import java.util.List;

/** How the JMX exporter (1.0.1) turns expanded rule text into metric and label names. */
final class MetricNames {

    /**
     * Suffixes Prometheus' Java client (1.x, inside the exporter) strips from every metric name: the text formats add
     * {@code _total} back to counters themselves, so {@code kafka_consumer_version_info} is served as
     * {@code kafka_consumer_version}.
     */
    private static final List<String> RESERVED_SUFFIXES = List.of("_total", "_created", "_bucket", "_info");

    private MetricNames() {
    }

    /**
     * The exporter's {@code safeName}: each run of characters other than letters, digits and {@code :} (and of
     * underscores) becomes one underscore, and a leading digit gets an underscore before it.
     */
    static String safeName(String name) {
        StringBuilder safe = new StringBuilder(name.length() + 1);
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            safe.append('_');
        }
        boolean afterUnderscore = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (legal) {
                safe.append(c);
                afterUnderscore = false;
            } else if (!afterUnderscore) {
                safe.append('_');
                afterUnderscore = true;
            }
        }
        return safe.toString();
    }

    /**
     * The name a family is known by: {@code safe} without its reserved suffixes, as many times as they end it
     * ({@code PrometheusNaming.sanitizeMetricName} of the client).
     */
    static String familyName(String safe) {
        String name = safe;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String suffix : RESERVED_SUFFIXES) {
                if (name.equals(suffix)) {
                    return suffix.substring(1);
                }
                if (name.endsWith(suffix)) {
                    name = name.substring(0, name.length() - suffix.length());
                    stripped = true;
                }
            }
        }
        return name;
    }
}
