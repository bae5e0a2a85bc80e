package io.fluxgate.runtime.worker;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import io.fluxgate.runtime.config.ConnectorCalls;

/**
 * A validation's calls into the connector ({@code config()}, {@code validate()}), each on a daemon thread of its own
 * with the worker's deadline ({@link PluginCallDeadline}): past it the call is abandoned (its thread interrupted and
 * left to end, logged if it ever returns) and the request is answered with the error, instead of waiting with it up
 * to the REST layer's 90 s. The threads are in a group per connector class ({@code connector-class-<class>}) under
 * {@code fluxgate-validations}, so that a thread dump shows which class left calls hanging; a validation belongs to no
 * connector yet, so they count against no connector's lingering threads.
 */
final class ValidationCalls implements ConnectorCalls {

    private final ThreadGroup parent;
    private final PluginCallDeadline deadline;
    /** One group per class, made once: a thread group is never reclaimed on Java 17. */
    private final Map<String, PluginThreads> groups = new ConcurrentHashMap<>();

    ValidationCalls(ThreadGroup parent, PluginCallDeadline deadline) {
        this.parent = parent;
        this.deadline = deadline;
    }

    @Override
    public <T> T call(String connectorClass, String what, Callable<T> call) {
        PluginThreads threads = groups.computeIfAbsent(connectorClass,
                c -> new PluginThreads(parent, "connector class " + c));
        return deadline.call(threads, what, call);
    }
}
