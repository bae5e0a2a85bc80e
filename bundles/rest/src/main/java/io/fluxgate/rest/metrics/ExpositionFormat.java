package io.fluxgate.rest.metrics;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two text formats a Prometheus server scrapes: its own text format 0.0.4, and OpenMetrics 1.0.0 when the scraper
 * prefers it (Prometheus asks for OpenMetrics first). They differ in the counters' {@code # TYPE} names (OpenMetrics
 * names the family, without {@code _total}), in the word for untyped, in help escaping and in the closing
 * {@code # EOF}. Values are written as Java writes doubles, as the exporter writes them.
 */
enum ExpositionFormat {

    PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8") {
        @Override
        void write(List<MetricFamily> families, Appendable out) throws IOException {
            for (MetricFamily family : families) {
                String name = seriesName(family);
                out.append("# HELP ").append(name).append(' ').append(escapeHelp(family.help(), false)).append('\n');
                out.append("# TYPE ").append(name).append(' ').append(family.type().prometheusText()).append('\n');
                writeSamples(name, family, out);
            }
        }
    },
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8") {
        @Override
        void write(List<MetricFamily> families, Appendable out) throws IOException {
            for (MetricFamily family : families) {
                out.append("# TYPE ").append(family.name()).append(' ').append(family.type().openMetrics())
                        .append('\n');
                out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help(), true))
                        .append('\n');
                writeSamples(seriesName(family), family, out);
            }
            out.append("# EOF\n");
        }
    };

    private static final String OPENMETRICS_TYPE = "application/openmetrics-text";

    private final String contentType;

    ExpositionFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The response's {@code Content-Type}. */
    String contentType() {
        return contentType;
    }

    abstract void write(List<MetricFamily> families, Appendable out) throws IOException;

    /**
     * The format an {@code Accept} header asks for: OpenMetrics when it accepts OpenMetrics at least as much as
     * anything else it accepts, Prometheus' text format otherwise (also without the header, as curl sends none).
     */
    static ExpositionFormat forAccept(String accept) {
        if (accept == null) {
            return PROMETHEUS_TEXT;
        }
        double openMetrics = 0;
        double other = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            if (type.equals(OPENMETRICS_TYPE)) {
                openMetrics = Math.max(openMetrics, quality);
            } else if (!type.isEmpty()) {
                other = Math.max(other, quality);
            }
        }
        return openMetrics > 0 && openMetrics >= other ? OPENMETRICS : PROMETHEUS_TEXT;
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** The name of a family's series: a counter's ends with {@code _total}. */
    private static String seriesName(MetricFamily family) {
        return family.type() == MetricType.COUNTER ? family.name() + "_total" : family.name();
    }

    private static void writeSamples(String name, MetricFamily family, Appendable out) throws IOException {
        for (Sample sample : family.samples()) {
            out.append(name);
            if (!sample.labels().isEmpty()) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    out.append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
                }
                out.append('}');
            }
            out.append(' ').append(number(sample.value())).append('\n');
        }
    }

    static String number(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return Double.toString(value);
    }

    private static String escapeLabelValue(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Help text: backslashes and line breaks escaped; double quotes too in OpenMetrics. */
    private static String escapeHelp(String help, boolean quotes) {
        String escaped = help.replace("\\", "\\\\").replace("\n", "\\n");
        return quotes ? escaped.replace("\"", "\\\"") : escaped;
    }
}
