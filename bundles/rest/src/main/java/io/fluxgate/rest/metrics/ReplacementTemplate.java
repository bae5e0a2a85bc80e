package io.fluxgate.rest.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;

/**
 * A rule's {@code name}, {@code help}, label or {@code value} text with {@code $n} references to the groups of its
 * pattern, expanded as {@link java.util.regex.Matcher#replaceAll(String)} expands it, which is what the JMX exporter
 * calls (its patterns match the whole input, so the replacement is the whole result). Parsed once, where the exporter
 * parses it again on every attribute of every scrape.
 *
 * <p>Java's replacement syntax: {@code $} and one or more digits (as many as still name a group), {@code \} quoting
 * the next character. Named references ({@code ${name}}) are refused, as the rules here do not use them.
 */
final class ReplacementTemplate {

    /** A piece of the template: literal text, or the number of a group. */
    private record Part(String literal, int group) {
    }

    private final List<Part> parts;
    private final String text;

    private ReplacementTemplate(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /** Parses {@code text} for a pattern with {@code groupCount} groups; a reference to no group is refused. */
    static ReplacementTemplate parse(String text, int groupCount) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '\\') {
                if (i == text.length()) {
                    throw new IllegalArgumentException("character to be escaped is missing in '" + text + "'");
                }
                literal.append(text.charAt(i++));
            } else if (c == '$') {
                if (i == text.length() || !Character.isDigit(text.charAt(i))) {
                    throw new IllegalArgumentException("only $n group references are supported: '" + text + "'");
                }
                int group = text.charAt(i++) - '0';
                if (group > groupCount) {
                    throw new IllegalArgumentException("no group " + group + " for '" + text + "'");
                }
                // Java takes further digits while they still name an existing group.
                while (i < text.length() && Character.isDigit(text.charAt(i))
                        && group * 10 + (text.charAt(i) - '0') <= groupCount) {
                    group = group * 10 + (text.charAt(i++) - '0');
                }
                if (!literal.isEmpty()) {
                    parts.add(new Part(literal.toString(), -1));
                    literal.setLength(0);
                }
                parts.add(new Part(null, group));
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), -1));
        }
        return new ReplacementTemplate(text, parts);
    }

    /** The template with the groups of {@code match}; a group that did not take part expands to nothing. */
    String expand(MatchResult match) {
        if (parts.size() == 1 && parts.get(0).literal() != null) {
            return parts.get(0).literal();
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
            } else {
                String group = match.group(part.group());
                if (group != null) {
                    out.append(group);
                }
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
