package io.fluxgate.boot.config;

import java.util.Locale;

/** How the worker keeps its state: alone with a local offsets file, or in a cluster through Kafka topics. */
public enum WorkerMode {
    STANDALONE,
    DISTRIBUTED;

    /** The value of {@link WorkerConfigKeys#MODE}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkerMode fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
