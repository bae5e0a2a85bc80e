package io.fluxgate.rest.metrics;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * A JMX exporter configuration: its rules, in order, and its {@code lowercaseOutputName} and
 * {@code lowercaseOutputLabelNames}. The first rule whose pattern matches an attribute decides what becomes of it,
 * dropped included; an attribute no rule matches is not served (the exporter's default export applies only to a
 * configuration without rules).
 */
record ExportRules(List<ExportRule> rules, boolean lowercaseOutputName, boolean lowercaseOutputLabelNames) {

    ExportRules {
        rules = List.copyOf(rules);
    }

    /** The sample the rules make of {@code attribute}, if any. */
    Optional<Sample> sample(BeanAttribute attribute) {
        String input = attribute.matchInput();
        for (ExportRule rule : rules) {
            Matcher match = rule.match(input);
            if (match != null) {
                return rule.sample(match, attribute, lowercaseOutputName, lowercaseOutputLabelNames);
            }
        }
        return Optional.empty();
    }
}
