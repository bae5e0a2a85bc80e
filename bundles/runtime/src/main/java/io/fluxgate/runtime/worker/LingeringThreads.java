package io.fluxgate.runtime.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.runtime.metrics.WorkerCountMetrics;

/**
 * The threads each connector left running once its instances and tasks stopped, over their restarts, against
 * {@code fluxgate.plugin.lingering.threads.max}. Past the limit they are logged with their stacks and interrupted,
 * and the connector is not started again while more than the limit still run: a plugin that leaks threads at every
 * restart would otherwise exhaust the worker's memory and native threads for every connector (docs/bulkheads.md).
 */
final class LingeringThreads {

    private static final Logger LOG = LoggerFactory.getLogger(LingeringThreads.class);
    static final String SETTING = "fluxgate.plugin.lingering.threads.max";
    /** How long interrupted threads get to end before they are counted again. */
    private static final long AFTER_INTERRUPT_MS = 200;

    private final int max;
    private final Map<String, List<PluginThreads>> left = new ConcurrentHashMap<>();
    /** Null: reported nowhere. */
    private final WorkerCountMetrics metrics;

    /** Counting without reporting the counts. */
    LingeringThreads(int max) {
        this(max, null);
    }

    /**
     * Reporting each connector's count as {@code connector-lingering-thread-count} while it is above 0, whether the
     * connector's instance or tasks still run on this worker or not.
     */
    LingeringThreads(int max, WorkerCountMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    /**
     * Counts what {@code threads}, a stopped instance or task of {@code connector}, left running, once its threads
     * had up to {@code settleMs} to end (the worker's own clients end theirs as they close); past the limit, logs and
     * interrupts every thread the connector left. Returns the threads it left.
     */
    List<Thread> stopped(String connector, PluginThreads threads, long settleMs) {
        List<Thread> alive = settle(threads, settleMs);
        if (alive.isEmpty()) {
            return alive;
        }
        synchronized (left) { // against the removal of the connector's entry, and of its metric, in alive()
            left.computeIfAbsent(connector, c -> new CopyOnWriteArrayList<>()).add(threads);
            if (metrics != null) {
                metrics.lingeringThreadsCounted(connector, () -> count(connector));
            }
        }
        LOG.warn("{} left {} thread(s) running after it stopped: {}", threads, alive.size(), names(alive));
        List<Thread> all = alive(connector);
        if (all.size() > max) {
            LOG.error("Connector {} left {} thread(s) running, more than {}={}: interrupting them{}", connector,
                    all.size(), SETTING, max, stacks(all));
            all.forEach(Thread::interrupt);
            alive = settle(threads, AFTER_INTERRUPT_MS);
            settleAll(connector);
        }
        return alive;
    }

    /** The threads {@code connector}'s stopped instances and tasks left that are still alive. */
    int count(String connector) {
        return alive(connector).size();
    }

    /** Refuses to start an instance or task of {@code connector} while it left more threads running than allowed. */
    void requireRoom(String connector) {
        List<Thread> alive = alive(connector);
        if (alive.size() > max) {
            throw new ConnectException("Connector " + connector + " is not started again: its earlier instances or "
                    + "tasks left " + alive.size() + " thread(s) running after they stopped, more than " + SETTING
                    + "=" + max + ", and they did not end when interrupted: " + names(alive) + ". Fix the plugin "
                    + "so that stop() ends its threads, raise the limit, or restart the worker to reclaim them.");
        }
    }

    private List<Thread> alive(String connector) {
        List<PluginThreads> groups = left.getOrDefault(connector, List.of());
        List<Thread> alive = new ArrayList<>();
        for (PluginThreads threads : groups) {
            List<Thread> now = threads.alive();
            if (now.isEmpty()) {
                groups.remove(threads); // they ended: nothing to count any more
            }
            alive.addAll(now);
        }
        if (alive.isEmpty() && left.containsKey(connector)) {
            forgetIfEnded(connector);
        }
        return alive;
    }

    /**
     * Drops {@code connector}'s entry, and its metric, once every thread it left ended (possibly called while that
     * metric is read: removing it then is safe, Kafka's gauges are read without the registry's lock).
     */
    private void forgetIfEnded(String connector) {
        synchronized (left) {
            List<PluginThreads> groups = left.get(connector);
            if (groups == null || groups.stream().anyMatch(threads -> !threads.alive().isEmpty())) {
                return;
            }
            left.remove(connector);
            if (metrics != null) {
                metrics.lingeringThreadsEnded(connector);
            }
        }
    }

    private void settleAll(String connector) {
        alive(connector); // drops the groups whose threads ended on the interrupt
    }

    private static List<Thread> settle(PluginThreads threads, long settleMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMs);
        List<Thread> alive = threads.alive();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = threads.alive();
        }
        return alive;
    }

    private static String names(List<Thread> threads) {
        return threads.stream().map(Thread::getName).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String stacks(List<Thread> threads) {
        StringBuilder text = new StringBuilder();
        for (Thread thread : threads) {
            text.append(System.lineSeparator()).append("  \"").append(thread.getName()).append("\" ")
                    .append(thread.getState());
            for (StackTraceElement frame : thread.getStackTrace()) {
                text.append(System.lineSeparator()).append("      at ").append(frame);
            }
        }
        return text.toString();
    }
}
