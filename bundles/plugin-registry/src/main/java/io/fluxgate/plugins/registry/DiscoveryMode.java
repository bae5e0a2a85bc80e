package io.fluxgate.plugins.registry;

import java.util.Locale;

/**
 * The worker's {@code plugin.discovery} (KIP-898), applied to each plain jar or plugin directory (bundles built as
 * bundles always declare their plugins in manifests). Kafka fails the worker's start under {@code hybrid_fail}; here
 * plugins arrive while the worker runs, so the jar is refused instead and the worker keeps running.
 */
enum DiscoveryMode {
    /** Only the class files are read; manifests are ignored. */
    ONLY_SCAN,
    /** Manifests; a jar without any is scanned, with a warning naming the manifests to add (Kafka's default). */
    HYBRID_WARN,
    /** Manifests; a jar whose plugins could only be found by scanning is refused, saying why. */
    HYBRID_FAIL,
    /** Manifests only: the fastest; a jar without manifests provides no plugin, and that is reported. */
    SERVICE_LOAD;

    /** The mode named as in the worker properties ({@code hybrid_warn}...); Kafka's default when unset. */
    static DiscoveryMode of(String name) {
        if (name == null || name.isBlank()) {
            return HYBRID_WARN;
        }
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** The name as written in the worker properties. */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
