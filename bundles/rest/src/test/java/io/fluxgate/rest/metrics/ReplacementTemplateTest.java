package io.fluxgate.rest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The templates expand as {@link Matcher#replaceAll(String)}, which the JMX exporter calls, expands them. */
class ReplacementTemplateTest {

    private static final Pattern PATTERN =
            Pattern.compile("^.*(?:kafka.(.+)<type=(.+)-metrics, client-id=(.*)><>(.+-total)).*$");
    private static final String INPUT = "kafka.consumer<type=consumer-fetch-manager-metrics, client-id=c-1><>"
            + "records-consumed-total: 500.0";

    @Test
    void expandsAsReplaceAll() {
        for (String template : new String[] {"kafka_$2_$4", "Kafka $1 JMX metric type $2", "$3", "x\\$1y", "",
                "$1$2$3$4", "$12", "plain"}) {
            assertEquals(PATTERN.matcher(INPUT).replaceAll(template), expand(template, PATTERN, INPUT), template);
        }
    }

    @Test
    void aGroupThatDidNotTakePartExpandsToNothing() {
        Pattern optional = Pattern.compile("^.*(?:a(b)?c).*$");
        assertEquals(optional.matcher("ac").replaceAll("[$1]"), expand("[$1]", optional, "ac"));
        assertEquals("[]", expand("[$1]", optional, "ac"));
    }

    @Test
    void referencesToNoGroupAndNamedGroupsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReplacementTemplate.parse("$5", 4));
        assertThrows(IllegalArgumentException.class, () -> ReplacementTemplate.parse("${name}", 4));
        assertThrows(IllegalArgumentException.class, () -> ReplacementTemplate.parse("trailing\\", 4));
    }

    private static String expand(String template, Pattern pattern, String input) {
        Matcher matcher = pattern.matcher(input);
        assertEquals(true, matcher.matches(), input);
        return ReplacementTemplate.parse(template, matcher.groupCount()).expand(matcher);
    }
}
