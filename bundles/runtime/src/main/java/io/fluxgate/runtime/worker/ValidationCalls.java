package io.fluxgate.runtime.worker;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.connect.errors.ConnectException;

import io.fluxgate.runtime.config.ConnectorCalls;

/**
 * A validation's calls into the connector ({@code config()}, {@code validate()}), each on a daemon thread of its own
 * with the worker's deadline ({@link PluginCallDeadline}): past it the call is abandoned (its thread interrupted and
 * left to end, logged if it ever returns) and the request is answered with the error, instead of waiting with it up
 * to the REST layer's 90 s. The threads are in a group per connector class ({@code connector-class-<class>}) under
 * {@code fluxgate-validations}, so that a thread dump shows which class left calls hanging; a validation belongs to no
 * connector yet, so they count against no connector's lingering threads. They count against the class's instead: while
 * more than {@value #MAX_HANGING_CALLS} calls of a class still hang, it is not called again (a client retrying a
 * validation whose plugin hangs for ever would otherwise leave a thread per try).
 */
final class ValidationCalls implements ConnectorCalls {

    private final ThreadGroup parent;
    private final PluginCallDeadline deadline;
    /**
     * How many abandoned calls of one class may still run before it is not called again: as many as the threads a
     * connector may leave by default ({@code fluxgate.plugin.lingering.threads.max}), but not that setting, which
     * counts what stopped instances left and is often set low to see any leak; a validation retried while its plugin
     * releases its hung calls must not be refused for it.
     */
    static final int MAX_HANGING_CALLS = 10;
    private final int maxHanging;
    /** One group per class, made once: a thread group is never reclaimed on Java 17. */
    private final Map<String, PluginThreads> groups = new ConcurrentHashMap<>();

    ValidationCalls(ThreadGroup parent, PluginCallDeadline deadline) {
        this(parent, deadline, MAX_HANGING_CALLS);
    }

    /** @param maxHanging how many abandoned calls of one class may still run before the class is not called again */
    ValidationCalls(ThreadGroup parent, PluginCallDeadline deadline, int maxHanging) {
        this.parent = parent;
        this.deadline = deadline;
        this.maxHanging = maxHanging;
    }

    @Override
    public <T> T call(String connectorClass, String what, Callable<T> call) {
        PluginThreads threads = groups.computeIfAbsent(connectorClass,
                c -> new PluginThreads(parent, "connector class " + c));
        int hanging = threads.alive().size();
        if (hanging > maxHanging) {
            throw new ConnectException("Connector class " + connectorClass + " is not called again: " + hanging
                    + " of its validation calls still run after they were abandoned at the deadline, more than "
                    + maxHanging + ". Fix the plugin, or restart the worker to reclaim the threads.");
        }
        return deadline.call(threads, what, call);
    }
}
