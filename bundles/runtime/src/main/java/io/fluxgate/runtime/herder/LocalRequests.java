package io.fluxgate.runtime.herder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.config.ConnectorValidator;
import io.fluxgate.runtime.config.PluginConfigDescriber;
import io.fluxgate.runtime.worker.Worker;

/**
 * The requests any worker answers itself, in either mode, without the herder thread: validations and offset reads
 * (they call into plugins or Kafka, on threads of their own), plugin descriptions and the topics connectors used.
 */
public final class LocalRequests implements AutoCloseable {

    private final Worker worker;
    private final ConnectorValidator validator;
    private final PluginConfigDescriber pluginConfigs;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fluxgate-herder-request");
        thread.setDaemon(true);
        return thread;
    });

    public LocalRequests(Worker worker, ConnectorValidator validator, PluginRegistry registry) {
        this.worker = worker;
        this.validator = validator;
        this.pluginConfigs = new PluginConfigDescriber(registry);
    }

    public CompletableFuture<ConfigInfos> validateConnectorConfig(Map<String, String> config) {
        return onRequestThread(() -> validator.validate(worker.configTransformer().transform(config)).infos());
    }

    /** Validates on a request thread; the stage fails with 400 listing each error. */
    public CompletableFuture<Void> requireValid(Map<String, String> config) {
        return onRequestThread(() -> {
            validator.validate(worker.configTransformer().transform(config)).throwIfInvalid();
            return null;
        });
    }

    public List<ConfigKeyInfo> connectorPluginConfig(String plugin, String version) {
        return pluginConfigs.describe(plugin, version);
    }

    public CompletableFuture<ConnectorOffsets> connectorOffsets(String connector, Map<String, String> config) {
        return onRequestThread(() -> worker.offsets().offsets(connector, worker.configTransformer().transform(config)));
    }

    /** As Kafka Connect: an unknown connector simply has no topics. */
    public List<String> connectorActiveTopics(String connector) {
        if (!worker.activeTopics().enabled()) {
            throw new HerderException(403, "Topic tracking is disabled.");
        }
        return worker.activeTopics().topics(connector);
    }

    public void resetConnectorActiveTopics(String connector) {
        if (!worker.activeTopics().enabled()) {
            throw new HerderException(403, "Topic tracking is disabled.");
        }
        if (!worker.activeTopics().resettable()) {
            throw new HerderException(403, "Topic tracking reset is disabled.");
        }
        worker.activeTopics().reset(connector);
    }

    public <T> CompletableFuture<T> onRequestThread(Supplier<T> request) {
        try {
            return CompletableFuture.supplyAsync(request, threads);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(HerderQueue.shuttingDown());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
