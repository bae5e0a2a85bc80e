package io.fluxgate.rest.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;

/**
 * Samples grouped into families as the JMX exporter 1.0.1 groups them: by name, the help of the first, the type they
 * all have or else untyped, and, when two samples of a family have the same labels (two attributes one rule maps to
 * one name, as {@code records-lag} and {@code records-lag-max}), every sample of that family told apart by an
 * {@code _objectname} label naming its MBean and attribute.
 */
final class MetricFamilies {

    /** Label sets in order: label by label, name then value; a set that is a prefix of another comes first. */
    private static final Comparator<Sample> BY_LABELS = (a, b) -> compare(a.labels(), b.labels());

    private MetricFamilies() {
    }

    /** The families of {@code samples}, in the order of their names. */
    static List<MetricFamily> of(Collection<Sample> samples) {
        Map<String, List<Sample>> byName = new LinkedHashMap<>();
        for (Sample sample : samples) {
            byName.computeIfAbsent(sample.family(), name -> new ArrayList<>()).add(sample);
        }
        List<MetricFamily> families = new ArrayList<>(byName.size());
        for (Entry<String, List<Sample>> entry : byName.entrySet()) {
            List<Sample> members = entry.getValue();
            Sample first = members.get(0);
            MetricType type = members.stream().allMatch(s -> s.type() == first.type()) ? first.type()
                    : MetricType.UNTYPED;
            if (!labelsUnique(members)) {
                members = members.stream().map(Sample::withObjectName).toList();
            }
            families.add(new MetricFamily(entry.getKey(), type, first.help(),
                    members.stream().sorted(BY_LABELS).toList()));
        }
        families.sort(Comparator.comparing(MetricFamily::name));
        return families;
    }

    private static boolean labelsUnique(List<Sample> samples) {
        Set<Map<String, String>> seen = new HashSet<>();
        return samples.stream().allMatch(sample -> seen.add(sample.labels()));
    }

    /** Labels are kept sorted by name ({@link Sample}), so their entries are compared in that order. */
    private static int compare(Map<String, String> a, Map<String, String> b) {
        Iterator<Entry<String, String>> left = a.entrySet().iterator();
        Iterator<Entry<String, String>> right = b.entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            Entry<String, String> l = left.next();
            Entry<String, String> r = right.next();
            int byName = l.getKey().compareTo(r.getKey());
            if (byName != 0) {
                return byName;
            }
            int byValue = l.getValue().compareTo(r.getValue());
            if (byValue != 0) {
                return byValue;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }
}
