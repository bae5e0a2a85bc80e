package io.fluxgate.runtime.isolation;

import org.slf4j.LoggerFactory;

/**
 * Closes a task's plugin instances (converters, transformations, predicates). The worker's closer gives each
 * {@code close()} a deadline on a thread of the task's group, so that one hung for ever holds neither the task's stop
 * nor the herder; {@link #DIRECT} closes on the caller's thread, for parts built without a worker (tests).
 */
@FunctionalInterface
public interface PluginCloser {

    /**
     * Closes {@code plugin}, however that ends: what it throws is logged, never thrown, since the caller has more to
     * release. {@code what} names the call as logs say it ({@code "close() of its value converter"}).
     */
    void close(String what, AutoCloseable plugin);

    /** Closes on the caller's thread, without a deadline. */
    PluginCloser DIRECT = (what, plugin) -> {
        try {
            plugin.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(PluginCloser.class).warn("Could not {}", what, e);
        }
    };
}
