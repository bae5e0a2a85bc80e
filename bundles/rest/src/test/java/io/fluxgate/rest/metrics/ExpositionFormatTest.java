package io.fluxgate.rest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExpositionFormatTest {

    private static final List<MetricFamily> FAMILIES = List.of(
            new MetricFamily("kafka_producer_record_send", MetricType.COUNTER, "Kafka producer JMX metric",
                    List.of(new Sample("kafka_producer_record_send", MetricType.COUNTER, "Kafka producer JMX metric",
                            Map.of("clientid", "p-1"), 12, "o"))),
            new MetricFamily("kafka_producer_version", MetricType.UNTYPED, "Help with \\ and \"quotes\"",
                    List.of(new Sample("kafka_producer_version", MetricType.UNTYPED, "h",
                            Map.of("version", "4.3.1", "clientid", "a\"b\\c\nd"), 1, "o"))),
            new MetricFamily("kafka_producer_batch_size_avg", MetricType.GAUGE, "h",
                    List.of(new Sample("kafka_producer_batch_size_avg", MetricType.GAUGE, "h", Map.of(),
                            Double.NaN, "o"))));

    @Test
    void prometheusTextFormat() throws IOException {
        assertEquals("""
                # HELP kafka_producer_record_send_total Kafka producer JMX metric
                # TYPE kafka_producer_record_send_total counter
                kafka_producer_record_send_total{clientid="p-1"} 12.0
                # HELP kafka_producer_version Help with \\\\ and "quotes"
                # TYPE kafka_producer_version untyped
                kafka_producer_version{clientid="a\\"b\\\\c\\nd",version="4.3.1"} 1.0
                # HELP kafka_producer_batch_size_avg h
                # TYPE kafka_producer_batch_size_avg gauge
                kafka_producer_batch_size_avg NaN
                """, write(ExpositionFormat.PROMETHEUS_TEXT));
    }

    @Test
    void openMetrics() throws IOException {
        assertEquals("""
                # TYPE kafka_producer_record_send counter
                # HELP kafka_producer_record_send Kafka producer JMX metric
                kafka_producer_record_send_total{clientid="p-1"} 12.0
                # TYPE kafka_producer_version unknown
                # HELP kafka_producer_version Help with \\\\ and \\"quotes\\"
                kafka_producer_version{clientid="a\\"b\\\\c\\nd",version="4.3.1"} 1.0
                # TYPE kafka_producer_batch_size_avg gauge
                # HELP kafka_producer_batch_size_avg h
                kafka_producer_batch_size_avg NaN
                # EOF
                """, write(ExpositionFormat.OPENMETRICS));
    }

    @Test
    void openMetricsWhenTheScraperPrefersIt() {
        // What Prometheus sends
        assertEquals(ExpositionFormat.OPENMETRICS, ExpositionFormat.forAccept("application/openmetrics-text;"
                + "version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,"
                + "*/*;q=0.1"));
        assertEquals(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.forAccept(null));
        assertEquals(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.forAccept("*/*"));
        assertEquals(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.forAccept("text/plain;version=0.0.4"));
        assertEquals(ExpositionFormat.PROMETHEUS_TEXT,
                ExpositionFormat.forAccept("application/openmetrics-text;q=0.2, text/plain"));
        assertEquals(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.forAccept("application/openmetrics-text;q=0"));
    }

    @Test
    void numbersAsJavaWritesThemWithPrometheusInfinities() {
        assertEquals("1.796641118243E9", ExpositionFormat.number(1.796641118243E9));
        assertEquals("+Inf", ExpositionFormat.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", ExpositionFormat.number(Double.NEGATIVE_INFINITY));
        assertEquals("-1.0", ExpositionFormat.number(-1));
    }

    private static String write(ExpositionFormat format) throws IOException {
        StringBuilder out = new StringBuilder();
        format.write(FAMILIES, out);
        return out.toString();
    }
}
