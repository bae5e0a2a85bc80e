package io.fluxgate.boot.config;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The syntax of {@code response.http.headers.config}: comma-separated rules {@code [action] [header name]:[header
 * value]}, a rule in double quotes when it holds a comma, actions {@code set}, {@code add}, {@code setDate},
 * {@code addDate}. Checked with Kafka Connect's own words so that a bad value stops the worker at start-up as it does
 * there; applying the rules is the REST server's business.
 */
public final class ResponseHeaderRules {

    private static final List<String> ACTIONS = List.of("set", "add", "setDate", "addDate");

    private ResponseHeaderRules() {
    }

    /** Throws {@link ConfigException} at the first malformed rule of {@code value}; a blank value has no rule. */
    public static void validate(String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        for (String rule : split(value)) {
            validateRule(rule);
        }
    }

    /**
     * Splits on commas outside double quotes, trims each part and removes its quotes, as Jetty's
     * {@code StringUtil.csvSplit} (which Kafka uses and Jetty's {@code HeaderFilter} applies) does.
     */
    static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        for (char c : value.toCharArray()) {
            if (escaped) {
                part.append(c);
                escaped = false;
            } else if (quoted && c == '\\') {
                escaped = true;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                parts.add(part.toString().trim());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString().trim());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    private static void validateRule(String rule) {
        String[] tokens = rule.trim().split("\\s+", 2);
        if (tokens.length != 2) {
            throw new ConfigException(String.format("Invalid format of header config '%s'. "
                    + "Expected: '[action] [header name]:[header value]'", rule));
        }
        String action = tokens[0].trim();
        if (ACTIONS.stream().noneMatch(action::equalsIgnoreCase)) {
            throw new ConfigException(String.format("Invalid header config action: '%s'. Expected one of %s",
                    action, ACTIONS));
        }
        String header = tokens[1];
        String[] nameAndValue = header.trim().split(":");
        if (nameAndValue.length != 2) {
            throw new ConfigException(String.format("Invalid format of header name and header value pair '%s'. "
                    + "Expected: '[header name]:[header value]'", header));
        }
        String name = nameAndValue[0].trim();
        if (name.isEmpty() || name.matches(".*\\s+.*")) {
            throw new ConfigException(String.format("Invalid header name '%s'. "
                    + "The '[header name]' cannot contain whitespace", name));
        }
        // Kafka Connect fails later, when its REST server starts; the rule is as wrong here.
        if (action.endsWith("Date") && !nameAndValue[1].trim().matches("-?\\d{1,18}")) {
            throw new ConfigException(String.format("Invalid header config '%s'. The value of a %s rule is a "
                    + "number of milliseconds from now", rule, action));
        }
    }

    /** {@link ConfigDef} validator of {@code response.http.headers.config}. */
    public static final class Validator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                validate((String) value);
            } catch (ConfigException e) {
                // Kafka's words, with the key and value they are about, which Kafka's message leaves out.
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "Comma-separated header rules, where each header rule is of the form "
                    + "'[action] [header name]:[header value]' and optionally surrounded by double quotes "
                    + "if any part of a header rule contains a comma";
        }
    }
}
