package io.fluxgate.runtime.worker;

import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ClientOverridePolicy;
import io.fluxgate.runtime.config.ConnectorValidator;
import io.fluxgate.runtime.config.ExactlyOnceValidation;
import io.fluxgate.runtime.config.WorkerConverters;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.storage.SourceOffsetStores;

/**
 * A worker and what validates the connectors it will run, built from the worker settings in the one way both modes
 * (and the tests) share: the client override policy, the {@link Worker} over the mode's offset store, and the
 * {@link ConnectorValidator} with the worker's converters, calling connectors with the worker's deadline
 * ({@link ValidationCalls}). The herder of each mode is built on top.
 *
 * @param settings  the worker settings, secrets revealed
 * @param policy    {@code connector.client.config.override.policy}, loaded
 * @param worker    the worker, not started
 * @param validator validates connector configurations as this worker would run them
 */
public record WorkerAssembly(WorkerSettings settings, ClientOverridePolicy policy, Worker worker,
        ConnectorValidator validator) {

    /** Builds a worker over {@code offsets} alone: standalone mode's offsets file, where connectors have no topic. */
    public static WorkerAssembly of(WorkerSettings settings, PluginRegistry registry, OffsetBackingStore offsets) {
        return of(settings, registry, offsets, null);
    }

    /**
     * Builds the worker over {@code offsets}, the worker's offsets topic in distributed mode, where a source connector
     * may have its own ({@code offsets.storage.topic}), opened by {@code connectorTopics}.
     */
    public static WorkerAssembly of(WorkerSettings settings, PluginRegistry registry, OffsetBackingStore offsets,
            SourceOffsetStores.ConnectorTopics connectorTopics) {
        ClientOverridePolicy policy = ClientOverridePolicy.of(settings.clientConfigOverridePolicy(),
                settings.originals(), registry);
        Worker worker = new Worker(settings, registry, offsets, connectorTopics, policy);
        ConnectorValidator validator = new ConnectorValidator(registry, policy, settings.topicCreationEnable(),
                WorkerConverters.of(settings.keyConverter(), settings.valueConverter(), settings.headerConverter(),
                        settings.originals()),
                new ExactlyOnceValidation(settings.mode(), settings.exactlyOnceSourceEnabled()),
                new ValidationCalls(new ThreadGroup("fluxgate-validations"),
                        new PluginCallDeadline(settings.connectorCallTimeoutMs())));
        return new WorkerAssembly(settings, policy, worker, validator);
    }

    /** What fences source tasks' transactional producers (exactly-once source support, distributed mode). */
    public ProducerFencing producerFencing(PluginRegistry registry) {
        return new ProducerFencing(registry, new ClientConfigs(settings, policy),
                settings.originals().get(WorkerConfigKeys.GROUP_ID));
    }
}
