package io.fluxgate.runtime.metrics;

/**
 * A transformation or predicate of a task, by the alias its connector configuration gives it, for the
 * {@code connector-transform-metrics} and {@code connector-predicate-metrics} groups.
 */
public record AliasedPlugin(String alias, String className, String version) {
}
