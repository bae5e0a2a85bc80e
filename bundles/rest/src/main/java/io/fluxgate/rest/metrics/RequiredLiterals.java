package io.fluxgate.rest.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Text a regular expression cannot match without: the runs of plain characters outside any group, class or
 * quantifier. Checking them with {@link String#contains} first spares the regular expression nearly every attribute
 * it would reject: the rules' {@code kafka.(.+)<type=(.+)-metrics, ...} backtracks through each of the thousand
 * MBeans of an embedded broker (network request metrics) before failing, which made most of a scrape's time.
 *
 * <p>Conservative by construction: a pattern with an alternation outside groups, inline flags, or anything not read
 * here has fewer literals (none at worst), never a wrong one, so the check only ever skips inputs the expression
 * would reject.
 */
final class RequiredLiterals {

    private static final String METACHARACTERS = "\\^$.|?*+()[]{}";

    private final List<String> literals;

    private RequiredLiterals(List<String> literals) {
        this.literals = List.copyOf(literals);
    }

    static RequiredLiterals of(String regex) {
        if (regex.contains("(?") || regex.contains("\\Q")) {
            return new RequiredLiterals(List.of()); // inline flags (case-insensitive...), lookarounds, quoting
        }
        List<String> literals = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                // An escape ends the run and is not read: its character is skipped with it.
                add(literals, run);
                i++;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                continue;
            }
            if (METACHARACTERS.indexOf(c) < 0 && depth == 0) {
                run.append(c);
                continue;
            }
            switch (c) {
                case '[' -> inClass = true;
                case '(' -> depth++;
                case ')' -> depth--;
                case '|' -> {
                    if (depth == 0) {
                        return new RequiredLiterals(List.of()); // alternatives: nothing is required
                    }
                }
                case '?', '*', '{' -> {
                    // The character before may be absent: not required.
                    if (depth == 0 && !run.isEmpty() && METACHARACTERS.indexOf(regex.charAt(i - 1)) < 0) {
                        run.setLength(run.length() - 1);
                    }
                    if (c == '{') {
                        int close = regex.indexOf('}', i);
                        i = close < 0 ? regex.length() : close; // {n,m} is no text
                    }
                }
                default -> {
                }
            }
            add(literals, run);
        }
        add(literals, run);
        literals.sort(Comparator.comparingInt(String::length).reversed());
        return new RequiredLiterals(literals);
    }

    private static void add(List<String> literals, StringBuilder run) {
        if (!run.isEmpty()) {
            literals.add(run.toString());
            run.setLength(0);
        }
    }

    /** False when {@code input} lacks one of the literals: the expression cannot match it. */
    boolean mayMatch(String input) {
        for (String literal : literals) {
            if (!input.contains(literal)) {
                return false;
            }
        }
        return true;
    }

    List<String> literals() {
        return literals;
    }
}
