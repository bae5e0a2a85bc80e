package io.fluxgate.rest.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of the JMX exporter's configuration ({@code pattern}, {@code name}, {@code labels}, {@code help},
 * {@code type}, {@code value}, {@code valueFactor}), applied as the exporter 1.0.1 applies it. Its pattern is
 * matched against the whole {@link BeanAttribute#matchInput()} with anything allowed before and after it (the
 * exporter compiles {@code ^.*(?:pattern).*$}), so {@code (.+-total)} also takes the {@code buffer-total} of
 * {@code buffer-total-bytes}: the exporter's names depend on it.
 */
final class ExportRule {

    private record LabelTemplate(ReplacementTemplate name, ReplacementTemplate value) {
    }

    /** A label as the configuration writes it: name and value, both templates. */
    private record LabelText(String name, String value) {
    }

    private final Pattern pattern;
    /** Checked before the pattern, which costs far more to reject an input. */
    private final RequiredLiterals required;
    private final ReplacementTemplate name;
    private final ReplacementTemplate help;
    private final MetricType type;
    private final List<LabelTemplate> labels;
    /** A fixed value (the rules give {@code 1} to attributes whose text is a label), or null for the attribute's. */
    private final ReplacementTemplate value;
    private final double valueFactor;

    private ExportRule(Builder builder) {
        this.pattern = Pattern.compile("^.*(?:" + builder.pattern + ").*$");
        this.required = RequiredLiterals.of(builder.pattern);
        int groups = pattern.matcher("").groupCount();
        this.name = ReplacementTemplate.parse(builder.name, groups);
        this.help = ReplacementTemplate.parse(builder.help, groups);
        this.type = builder.type;
        this.labels = builder.labels.stream().map(label -> new LabelTemplate(
                ReplacementTemplate.parse(label.name(), groups), ReplacementTemplate.parse(label.value(), groups)))
                .toList();
        this.value = builder.value == null ? null : ReplacementTemplate.parse(builder.value, groups);
        this.valueFactor = builder.valueFactor;
    }

    /** A rule whose pattern is {@code pattern} (the exporter's syntax: a Java regular expression). */
    static Builder pattern(String pattern) {
        return new Builder(pattern);
    }

    /** The match of this rule's pattern on {@code input}, or null when it does not match. */
    Matcher match(String input) {
        if (!required.mayMatch(input)) {
            return null;
        }
        Matcher matcher = pattern.matcher(input);
        return matcher.matches() ? matcher : null;
    }

    /**
     * The sample this rule makes of {@code attribute}, which {@code match} matched; empty when the exporter drops it
     * (a text value without a fixed one, an empty name), in which case no later rule is tried either.
     */
    Optional<Sample> sample(Matcher match, BeanAttribute attribute, boolean lowercaseName,
            boolean lowercaseLabelNames) {
        Object raw = attribute.value();
        if (value != null) {
            try {
                raw = Double.valueOf(value.expand(match));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        double number;
        if (raw instanceof Number n) {
            number = n.doubleValue() * valueFactor;
        } else if (raw instanceof Boolean b) {
            number = b ? 1 : 0;
        } else {
            return Optional.empty();
        }
        String safeName = MetricNames.safeName(name.expand(match));
        if (safeName.isEmpty()) {
            return Optional.empty();
        }
        if (lowercaseName) {
            safeName = safeName.toLowerCase(Locale.ROOT);
        }
        Map<String, String> labelValues = new TreeMap<>();
        for (LabelTemplate label : labels) {
            String labelName = MetricNames.safeName(label.name().expand(match));
            if (lowercaseLabelNames) {
                labelName = labelName.toLowerCase(Locale.ROOT);
            }
            String labelValue = label.value().expand(match);
            // The exporter leaves out a label whose name or value came out empty.
            if (!labelName.isEmpty() && !labelValue.isEmpty()) {
                labelValues.putIfAbsent(labelName, labelValue);
            }
        }
        String input = match.group();
        return Optional.of(new Sample(MetricNames.familyName(safeName), type, help.expand(match), labelValues,
                number, input.substring(0, input.lastIndexOf(':'))));
    }

    @Override
    public String toString() {
        return pattern.pattern() + " -> " + name;
    }

    /** The parts of a rule, as its YAML gives them. */
    static final class Builder {
        private final String pattern;
        private String name;
        private String help = "";
        private MetricType type = MetricType.UNTYPED;
        private final List<LabelText> labels = new ArrayList<>();
        private String value;
        private double valueFactor = 1.0;

        private Builder(String pattern) {
            this.pattern = pattern;
        }

        Builder name(String template) {
            this.name = template;
            return this;
        }

        /** A label; its name and value are templates. Labels are served sorted by name, whatever their order here. */
        Builder label(String nameTemplate, String valueTemplate) {
            labels.add(new LabelText(nameTemplate, valueTemplate));
            return this;
        }

        Builder help(String template) {
            this.help = template;
            return this;
        }

        Builder value(String template) {
            this.value = template;
            return this;
        }

        Builder valueFactor(double factor) {
            this.valueFactor = factor;
            return this;
        }

        Builder type(MetricType metricType) {
            this.type = metricType;
            return this;
        }

        ExportRule build() {
            if (name == null) {
                throw new IllegalStateException("a rule without a name: " + pattern);
            }
            return new ExportRule(this);
        }
    }
}
