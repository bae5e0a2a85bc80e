package io.fluxgate.rest.metrics;

import java.util.List;

/**
 * The samples served under one name, with one type and one help text.
 *
 * @param name without the reserved suffixes: the text formats add {@code _total} to counters
 * @param samples in the order of their labels, no two with the same labels
 */
record MetricFamily(String name, MetricType type, String help, List<Sample> samples) {

    MetricFamily {
        samples = List.copyOf(samples);
    }
}
