package io.fluxgate.runtime.standalone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.plugins.PluginNotFoundException;

/**
 * Creates the connectors of the files named on the command line. One that cannot be created is reported and the
 * others go on (Kafka's {@code connect-standalone} would exit instead). A connector whose plugin is not installed
 * yet is tried again for a while: plugins in {@code plugins/} are deployed after the platform starts.
 */
final class ConnectorFileLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorFileLoader.class);

    private final Herder herder;
    private final ScheduledExecutorService scheduler;
    private final long retryMs;
    private final long patienceMs;

    ConnectorFileLoader(Herder herder, ScheduledExecutorService scheduler, long retryMs, long patienceMs) {
        this.herder = herder;
        this.scheduler = scheduler;
        this.retryMs = retryMs;
        this.patienceMs = patienceMs;
    }

    void load(List<String> files) {
        for (String file : files) {
            scheduler.execute(() -> create(Path.of(file), System.currentTimeMillis() + patienceMs, true));
        }
    }

    private void create(Path path, long giveUpAt, boolean first) {
        ConnectorFile file;
        try {
            file = ConnectorFile.read(path);
        } catch (Exception e) {
            LOG.error("Failed to create connector for {}: {}", path, e instanceof IOException
                    ? "cannot read it: " + e : e.getMessage());
            return;
        }
        try {
            herder.putConnectorConfig(file.name(), file.config(), file.initialState(), false).toCompletableFuture()
                    .get();
            LOG.info("Created connector {} from {}", file.name(), path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (isPluginMissing(cause) && System.currentTimeMillis() < giveUpAt && !scheduler.isShutdown()) {
                if (first) {
                    LOG.info("Connector {} waits for its plugin to be installed: {}", file.name(),
                            cause.getMessage());
                }
                scheduler.schedule(() -> create(path, giveUpAt, false), retryMs, TimeUnit.MILLISECONDS);
                return;
            }
            LOG.error("Failed to create connector for {}: {}", path, cause.getMessage(), cause);
        }
    }

    private static boolean isPluginMissing(Throwable error) {
        return error instanceof HerderException refused && refused.getCause() instanceof PluginNotFoundException;
    }
}
