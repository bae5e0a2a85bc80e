package io.fluxgate.runtime.herder;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginEvent;

/**
 * What the herder does as plugin bundles come and go (docs/decisions.md, "Hot deploy is a lifecycle"). Before a plugin's classes are withdrawn
 * (an update or a removal), the connectors running on them are stopped, their offsets committed by the graceful
 * stop: those whose connector comes from the plugin, and those whose tasks use a converter, transformation or
 * predicate from it. After an update they start again on the new classes. After a removal they start again at once if
 * every plugin they use is still installed in a version they accept (another version of the class), and otherwise go
 * FAILED saying which plugin was removed, and come back by themselves once what they use is installed again. Runs on
 * the herder's thread, one event at a time.
 */
public final class PluginLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLifecycle.class);

    /** The herder's side: each call is made on its thread. */
    public interface Connectors {
        /** The connectors whose instance or tasks run on classes of the plugin at {@code location}. */
        Set<String> using(String location);

        /** False for a connector deleted meanwhile, or one that the user stopped. */
        boolean wantsToRun(String connector);

        /**
         * Whether every plugin the connector uses (its class, converters, transformations and predicates, in the
         * versions its configuration asks for) can be loaded now.
         */
        boolean pluginInstalled(String connector);

        /** Stops the tasks and the instance, committing offsets. */
        void stop(String connector);

        void markRestarting(String connector);

        void markFailed(String connector, Throwable reason);

        /** Starts the instance, then its tasks. */
        void start(String connector);
    }

    private final Connectors connectors;
    /** Stopped because their plugin went away: started again when it is back. */
    private final Set<String> waiting = new LinkedHashSet<>();

    public PluginLifecycle(Connectors connectors) {
        this.connectors = connectors;
    }

    public void handle(PluginEvent event) {
        switch (event.type()) {
            case UPDATING -> {
                for (String connector : connectors.using(event.location())) {
                    LOG.info("Stopping connector {}: its plugin at {} is being updated", connector, event.location());
                    connectors.stop(connector);
                    connectors.markRestarting(connector);
                    waiting.add(connector);
                }
            }
            case REMOVED -> {
                Set<String> affected = new LinkedHashSet<>(connectors.using(event.location()));
                affected.addAll(waiting); // an update that could not be resolved ends in a removal
                for (String connector : affected) {
                    connectors.stop(connector);
                    waiting.add(connector);
                }
                startWaiting("another installed version");
                for (String connector : Set.copyOf(waiting)) {
                    if (!connectors.wantsToRun(connector)) {
                        waiting.remove(connector);
                    } else if (affected.contains(connector)) {
                        connectors.markFailed(connector, removed(event));
                    }
                }
            }
            case INSTALLED, UPDATED -> startWaiting(event.location());
        }
    }

    /** The registry waits for the stop of what runs on a withdrawn plugin; past this, the deployment goes on. */
    private static final long WITHDRAWAL_TIMEOUT_MS = 60_000;

    /**
     * Waits until the herder thread has {@code handled} an update or a removal: the registry discards the plugin's
     * classes once the listener returns. Installations are not waited for.
     */
    public static void awaitWithdrawal(PluginEvent event, CompletableFuture<?> handled) {
        if (event.type() != PluginEvent.Type.UPDATING && event.type() != PluginEvent.Type.REMOVED) {
            return;
        }
        try {
            handled.get(WITHDRAWAL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("Connectors using the plugin at {} were not all stopped before it went away",
                    event.location(), e);
        }
    }

    /** Forgets a connector that was deleted. */
    public void forget(String connector) {
        waiting.remove(connector);
    }

    private void startWaiting(String from) {
        for (String connector : Set.copyOf(waiting)) {
            if (!connectors.wantsToRun(connector)) {
                waiting.remove(connector);
            } else if (connectors.pluginInstalled(connector)) {
                LOG.info("Starting connector {} again on the plugin from {}", connector, from);
                waiting.remove(connector);
                connectors.start(connector);
            }
        }
    }

    private static ConnectException removed(PluginEvent event) {
        return new ConnectException("The plugin providing " + String.join(", ", event.classNames().stream()
                .sorted().toList()) + " was removed (" + event.location() + "). The connector starts again by "
                + "itself when the plugins it uses are installed again.");
    }
}
