package io.fluxgate.api.plugins;

import java.time.Instant;
import java.util.Objects;

/**
 * Why something delivered as a plugin is not (or not entirely) usable, for operators: a file in plugins/ that was
 * rejected, a bundle that does not resolve, a declared plugin class that fails to load, a removed plugin that left
 * threads running. The registry keeps serving every other plugin.
 *
 * @param location  the file or bundle location concerned
 * @param kind      what went wrong
 * @param className the plugin class concerned, or null when the problem is the whole artifact
 * @param message   a sentence saying what is wrong and, where there is one, what to do
 * @param since     when it was first seen
 */
public record PluginProblem(String location, Kind kind, String className, String message, Instant since) {

    /** The kinds of problem. */
    public enum Kind {
        /** A readable jar or directory that declares no Kafka Connect plugin and contains none. */
        NOT_A_PLUGIN,
        /** Not a readable jar: corrupt, truncated or still being copied (tried again when it changes). */
        UNREADABLE,
        /** A plugin jar or directory that could not be turned into a bundle (no longer reported: see UNREADABLE). */
        NOT_WRAPPED,
        /** An installed bundle whose requirements cannot be met: none of its classes can load. */
        NOT_RESOLVED,
        /** One plugin class that fails to load or to instantiate (missing dependency, static initializer...). */
        CLASS_FAILED,
        /** A removed or replaced plugin left threads running: its classes stay in memory until they end. */
        THREADS_LEFT_RUNNING,
        /**
         * A plain jar or directory whose plugins have no META-INF/services manifests, which the worker's
         * {@code plugin.discovery} ({@code hybrid_fail} or {@code service_load}) refuses.
         *
         * @since 1.2
         */
        NO_MANIFESTS,
        /**
         * A plugin whose classes reference packages that neither it, the worker class path nor the JDK provides: it is
         * installed, and the classes that use them fail if they are used (often optional features). Found when the
         * plugin is deployed, so that a missing jar shows before the first record.
         *
         * @since 1.3
         */
        MISSING_DEPENDENCIES
    }

    public PluginProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(since, "since");
    }
}
