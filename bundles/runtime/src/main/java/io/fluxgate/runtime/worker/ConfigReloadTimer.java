package io.fluxgate.runtime.worker;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.runtime.config.ConnectorConfigDefs;

/**
 * Times the reloads of instances whose configuration holds values with a time to live (KIP-297's TTLs): as Kafka
 * Connect's {@code WorkerConfigTransformer}, when {@code config.action.reload} is {@code restart} (the default), the
 * instance is restarted once the earliest of its values expires, and resolves them again as it starts. One timer per
 * instance: a restart, a stop or a new start replaces or cancels it.
 */
final class ConfigReloadTimer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloadTimer.class);

    /** Where its thread goes: it is made at the first schedule, maybe on a task's thread, but is the worker's. */
    private final ThreadGroup group = Thread.currentThread().getThreadGroup();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(group, r, "fluxgate-config-reload");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Object, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();

    /**
     * Schedules {@code reload} of {@code instance} (a connector's name or a task's id) when the earliest of
     * {@code ttls} expires, unless the connector's raw configuration says {@code config.action.reload=none}.
     */
    void schedule(Object instance, Map<String, String> rawConnectorConfig, Map<String, Long> ttls, Runnable reload) {
        cancel(instance);
        if (ttls.isEmpty() || !restartOnReload(rawConnectorConfig)) {
            return;
        }
        long delay = Math.max(0, ttls.values().stream().mapToLong(Long::longValue).min().orElseThrow());
        LOG.info("Scheduling a restart of {} in {} ms: the values its config providers gave expire then", instance,
                delay);
        scheduled.put(instance, timer.schedule(() -> {
            scheduled.remove(instance);
            LOG.info("Restarting {}: the values its config providers gave have expired", instance);
            try {
                reload.run();
            } catch (RuntimeException e) {
                LOG.error("Unexpected error while restarting {} to reload its configuration", instance, e);
            }
        }, delay, TimeUnit.MILLISECONDS));
    }

    void cancel(Object instance) {
        ScheduledFuture<?> previous = scheduled.remove(instance);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    void cancelAll(Collection<?> instances) {
        instances.forEach(this::cancel);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        scheduled.clear();
    }

    private static boolean restartOnReload(Map<String, String> rawConnectorConfig) {
        String action = rawConnectorConfig.get(ConnectorConfigDefs.CONFIG_RELOAD_ACTION);
        return action == null || action.trim().toLowerCase(Locale.ROOT).equals("restart");
    }
}
