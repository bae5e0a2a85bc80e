package io.fluxgate.itests.e2e;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape in Prometheus' text format 0.0.4, read back: each series (its name and labels, as
 * {@code name{a="x",b="y"}} with the labels sorted) with its value, and each {@code # TYPE} line's name with its type.
 * Only the names starting with the prefix given are kept.
 *
 * @param series series to values (NaN and the infinities included)
 * @param types metric names of {@code # TYPE} lines to their types
 */
record PrometheusScrape(Map<String, Double> series, Map<String, String> types) {

    static PrometheusScrape parse(String text, String prefix) {
        Map<String, Double> series = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).split(" ");
                if (parts[0].startsWith(prefix)) {
                    types.put(parts[0], parts[1]);
                }
            } else if (!line.startsWith("#") && line.startsWith(prefix)) {
                int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                String name = line.substring(0, end);
                Map<String, String> labels = new TreeMap<>();
                int i = end;
                if (line.charAt(i) == '{') {
                    i = labels(line, i + 1, labels);
                }
                String value = line.substring(i).trim().split(" ")[0];
                StringBuilder key = new StringBuilder(name).append('{');
                labels.forEach((label, raw) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",")
                        .append(label).append("=\"").append(raw).append('"'));
                if (series.put(key.append('}').toString(), number(value)) != null) {
                    throw new AssertionError("the series " + key + " is served twice");
                }
            }
        }
        return new PrometheusScrape(series, types);
    }

    /** Reads {@code a="x",b="y"}} from {@code start}, values kept escaped; returns the index after the brace. */
    private static int labels(String line, int start, Map<String, String> labels) {
        int i = start;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String name = line.substring(i, equals);
            int j = equals + 2; // after ="
            StringBuilder raw = new StringBuilder();
            while (line.charAt(j) != '"') {
                if (line.charAt(j) == '\\') {
                    raw.append(line.charAt(j++));
                }
                raw.append(line.charAt(j++));
            }
            labels.put(name, raw.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The family name of a series key: its metric name, which the {@code # TYPE} line names in this format. */
    static String metricName(String seriesKey) {
        return seriesKey.substring(0, seriesKey.indexOf('{'));
    }
}
