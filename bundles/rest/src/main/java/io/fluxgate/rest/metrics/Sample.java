package io.fluxgate.rest.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One value a rule made of one MBean attribute.
 *
 * @param family the family's name, without the reserved suffixes ({@link MetricNames#familyName})
 * @param type the rule's type
 * @param help the rule's help, expanded
 * @param labels label names to values, kept sorted by name, as the exporter serves them
 * @param value the value, already scaled
 * @param origin the MBean and attribute it was read from ({@code kafka.producer<type=..., client-id=x><>name}): the
 *        {@code _objectname} label the exporter adds when two samples of a family have the same labels
 */
record Sample(String family, MetricType type, String help, Map<String, String> labels, double value,
        String origin) {

    Sample {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** This sample with one more label, {@code _objectname}, telling it from another with the same labels. */
    Sample withObjectName() {
        Map<String, String> more = new TreeMap<>(labels);
        more.put("_objectname", origin);
        return new Sample(family, type, help, more, value, origin);
    }
}
