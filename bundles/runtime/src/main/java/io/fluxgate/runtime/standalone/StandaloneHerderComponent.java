package io.fluxgate.runtime.standalone;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.PutResult;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.herder.TaskInfo;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginListener;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.runtime.config.ClientOverridePolicy;
import io.fluxgate.runtime.config.ConnectorValidator;
import io.fluxgate.runtime.config.WorkerConverters;
import io.fluxgate.runtime.herder.WorkerAddress;
import io.fluxgate.runtime.storage.FileOffsetBackingStore;
import io.fluxgate.runtime.worker.Worker;
import io.fluxgate.runtime.worker.WorkerSettings;

/**
 * The standalone worker as a service: wires a {@link Worker} (offsets in {@code offset.storage.file.filename}) and a
 * {@link StandaloneHerder}, creates the connectors of the files named on the command line, and publishes the
 * herder. Enabled by {@link WorkerModeSelector} only when {@code fluxgate.mode=standalone}. Deactivation stops
 * every connector and task and flushes their offsets (the launcher allows the platform 10 s on SIGTERM).
 */
@Component(name = StandaloneHerderComponent.NAME, enabled = false, immediate = true,
        service = {Herder.class, PluginListener.class},
        configurationPid = WorkerConfigKeys.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class StandaloneHerderComponent implements Herder, PluginListener {

    static final String NAME = "io.fluxgate.runtime.standalone.StandaloneHerder";
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneHerderComponent.class);
    private static final long PLUGIN_RETRY_MS = 500;
    private static final long PLUGIN_PATIENCE_MS = 60_000;

    /** The settings this component reads itself; the worker reads the rest of the same configuration. */
    @interface Config {
        /** Kafka Connect's {@code offset.storage.file.filename}: source offsets, relative to the working directory. */
        String offset_storage_file_filename();

        /** The connector files named on the command line, separated by the path separator. */
        String fluxgate_connector_files() default "";
    }

    private final StandaloneHerder herder;
    private final ScheduledExecutorService fileLoading;

    @Activate
    public StandaloneHerderComponent(@Reference(name = "pluginRegistry") PluginRegistry registry, Config config,
            Map<String, Object> properties) {
        WorkerSettings settings = WorkerSettings.of(properties);
        ClientOverridePolicy policy = ClientOverridePolicy.of(settings.clientConfigOverridePolicy(),
                settings.originals(), registry);
        Worker worker = new Worker(settings, registry,
                new FileOffsetBackingStore(Path.of(config.offset_storage_file_filename())), policy);
        worker.start();
        herder = new StandaloneHerder(worker, new ConnectorValidator(registry, policy, settings.topicCreationEnable(),
                WorkerConverters.of(settings.keyConverter(), settings.valueConverter(), settings.headerConverter(),
                        settings.originals())), registry, WorkerAddress.of(settings.originals()).id());
        fileLoading = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fluxgate-connector-files");
            thread.setDaemon(true);
            return thread;
        });
        List<String> files = settings.connectorFiles();
        new ConnectorFileLoader(herder, fileLoading, PLUGIN_RETRY_MS, PLUGIN_PATIENCE_MS).load(files);
        LOG.info("Standalone herder started with {} connector file(s)", files.size());
    }

    @Deactivate
    void deactivate() {
        fileLoading.shutdownNow();
        try {
            fileLoading.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        herder.close();
        LOG.info("Standalone herder stopped");
    }

    /** Connectors follow their plugins: stopped before an update or removal, started again when it is back. */
    @Override
    public void pluginsChanged(PluginEvent event) {
        herder.pluginsChanged(event);
    }

    @Override
    public List<String> connectors() {
        return herder.connectors();
    }

    @Override
    public ConnectorInfo connectorInfo(String connector) {
        return herder.connectorInfo(connector);
    }

    @Override
    public Map<String, String> connectorConfig(String connector) {
        return herder.connectorConfig(connector);
    }

    @Override
    public List<TaskInfo> taskConfigs(String connector) {
        return herder.taskConfigs(connector);
    }

    @Override
    public ConnectorStateInfo connectorStatus(String connector) {
        return herder.connectorStatus(connector);
    }

    @Override
    public InstanceState taskStatus(ConnectorTaskId task) {
        return herder.taskStatus(task);
    }

    @Override
    public CompletionStage<PutResult> putConnectorConfig(String connector, Map<String, String> config,
            TargetState initialState, boolean allowReplace) {
        return herder.putConnectorConfig(connector, config, initialState, allowReplace);
    }

    @Override
    public CompletionStage<Void> deleteConnector(String connector) {
        return herder.deleteConnector(connector);
    }

    @Override
    public CompletionStage<Void> pauseConnector(String connector) {
        return herder.pauseConnector(connector);
    }

    @Override
    public CompletionStage<Void> resumeConnector(String connector) {
        return herder.resumeConnector(connector);
    }

    @Override
    public CompletionStage<Void> stopConnector(String connector) {
        return herder.stopConnector(connector);
    }

    @Override
    public CompletionStage<Void> restartConnector(String connector) {
        return herder.restartConnector(connector);
    }

    @Override
    public CompletionStage<Void> putTaskConfigs(String connector, List<Map<String, String>> taskConfigs,
            RequestSignature signature) {
        return herder.putTaskConfigs(connector, taskConfigs, signature);
    }

    @Override
    public CompletionStage<Void> restartTask(ConnectorTaskId task) {
        return herder.restartTask(task);
    }

    @Override
    public CompletionStage<ConfigInfos> validateConnectorConfig(Map<String, String> config) {
        return herder.validateConnectorConfig(config);
    }

    @Override
    public List<ConfigKeyInfo> connectorPluginConfig(String plugin, String version) {
        return herder.connectorPluginConfig(plugin, version);
    }

    @Override
    public CompletionStage<ConnectorOffsets> connectorOffsets(String connector) {
        return herder.connectorOffsets(connector);
    }

    @Override
    public CompletionStage<String> alterConnectorOffsets(String connector, ConnectorOffsets offsets) {
        return herder.alterConnectorOffsets(connector, offsets);
    }

    @Override
    public CompletionStage<String> resetConnectorOffsets(String connector) {
        return herder.resetConnectorOffsets(connector);
    }

    @Override
    public List<String> connectorActiveTopics(String connector) {
        return herder.connectorActiveTopics(connector);
    }

    @Override
    public void resetConnectorActiveTopics(String connector) {
        herder.resetConnectorActiveTopics(connector);
    }
}
