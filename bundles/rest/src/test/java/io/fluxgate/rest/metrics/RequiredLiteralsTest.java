package io.fluxgate.rest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RequiredLiteralsTest {

    @Test
    void theRunsOfPlainTextOutsideGroups() {
        assertEquals(List.of("-metrics, client-id=", "<type=", "kafka", "><>"),
                RequiredLiterals.of("kafka.(.+)<type=(.+)-metrics, client-id=(.*)><>(.+-total)").literals());
        assertEquals(List.of("a", "c"), RequiredLiterals.of("ab?c").literals());
        assertEquals(List.of("xy", "z"), RequiredLiterals.of("xyw*z").literals());
        assertEquals(List.of("ab"), RequiredLiterals.of("ab+").literals());
        assertEquals(List.of("y"), RequiredLiterals.of("x{0,2}y").literals());
        assertEquals(List.of("foo", "a"), RequiredLiterals.of("a\\.foo").literals());
        assertEquals(List.of("b"), RequiredLiterals.of("[a|(]b").literals());
    }

    @Test
    void nothingIsRequiredWhereThePatternMayDoWithout() {
        assertEquals(List.of(), RequiredLiterals.of("kafka|connect").literals());
        assertEquals(List.of(), RequiredLiterals.of("(?i)kafka").literals());
        assertEquals(List.of(), RequiredLiterals.of("\\Qa(b\\E").literals());
        assertEquals(List.of(), RequiredLiterals.of("(kafka)").literals());
    }

    /** What the check skips, the rules' patterns reject: on the attributes of a worker with an embedded broker. */
    @Test
    void neverSkipsWhatTheRulesWouldMatch() {
        List<String> inputs = List.of(
                "kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Produce><>Count: 5",
                "kafka.server<type=app-info, client-id=1><>version: 4.3.1",
                "kafka.producer<type=producer-metrics, client-id=p-1><>buffer-total-bytes: 2097152.0",
                "kafka.consumer<type=consumer-fetch-manager-metrics, client-id=c, topic=t, partition=0><>"
                        + "records-lag-max: 0.0",
                "kafka.connect<type=connector-metrics, connector=c><>status: running",
                "kafka.connect<type=connect-worker-rebalance-metrics><>leader-name: ",
                "kafka.consumer<type=consumer-node-metrics, client-id=c, node-id=node-1><>request-rate: 1.0",
                "kafka.server<type=socket-server-metrics, listener=PLAINTEXT, networkProcessor=0><>io-ratio: NaN");
        int matched = 0;
        for (String pattern : List.of("kafka.(.+)<type=app-info, client-id=(.+)><>(commit-id|version): (.+)",
                "kafka.(.+)<type=(.+)-metrics, client-id=(.*)><>(.+-total)",
                "kafka.(.+)<type=(.+)-metrics, client-id=(.+), node-id=(.+)><>(.+-avg|.+-rate)",
                "kafka.consumer<type=consumer-fetch-manager-metrics, client-id=(.+), topic=(.+), partition=(.+)><>"
                        + "(compression-rate|.+-avg|.+-replica|.+-lag|.+-lead)",
                "kafka.connect<type=connector-metrics, connector=(.+)><>(connector-class|status): (.+)",
                "kafka.connect<type=connect-worker-rebalance-metrics><>([a-z-]+)")) {
            Pattern wrapped = Pattern.compile("^.*(?:" + pattern + ").*$");
            RequiredLiterals required = RequiredLiterals.of(pattern);
            for (String input : inputs) {
                boolean matches = wrapped.matcher(input).matches();
                matched += matches ? 1 : 0;
                assertTrue(!matches || required.mayMatch(input), pattern + " on " + input);
            }
        }
        assertTrue(matched >= 6, "the inputs exercise the patterns: " + matched);
    }
}
