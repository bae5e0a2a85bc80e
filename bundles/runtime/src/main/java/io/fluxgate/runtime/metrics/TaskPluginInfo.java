package io.fluxgate.runtime.metrics;

import java.util.List;

/**
 * What a task is made of, as {@code connector-task-metrics} publishes it: the classes and versions of its connector,
 * task and converters, and its transformations and predicates. Versions are the plugins' ({@code undefined} for a
 * plugin that does not say), as Kafka Connect reports them.
 *
 * @param connectorType {@code source} or {@code sink}
 */
public record TaskPluginInfo(String connectorClass, String connectorVersion, String connectorType, String taskClass,
        String taskVersion, String keyConverterClass, String keyConverterVersion, String valueConverterClass,
        String valueConverterVersion, String headerConverterClass, String headerConverterVersion,
        List<AliasedPlugin> transformations, List<AliasedPlugin> predicates) {

    /** For a task built outside a worker (tests). */
    static final TaskPluginInfo UNKNOWN = new TaskPluginInfo(null, null, null, null, null, null, null, null, null,
            null, null, List.of(), List.of());
}
