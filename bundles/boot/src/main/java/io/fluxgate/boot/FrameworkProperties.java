package io.fluxgate.boot;

/**
 * The framework properties the launcher sets for the platform bundles: settings read once, as the framework starts,
 * that no component reconfigures while it runs.
 */
public final class FrameworkProperties {

    /** The worker's {@code plugin.discovery} (KIP-898), for the plugin registry. */
    public static final String PLUGIN_DISCOVERY = "fluxgate.plugin.discovery";

    /**
     * The directory of the rest of Apache Kafka Connect's worker class path ({@code lib/connect-runtime/}:
     * connect-runtime, MirrorMaker 2 and their dependencies), which plugins fall back to and the platform never
     * loads; absent where there is none (in-framework tests, whose class path holds it all).
     */
    public static final String WORKER_CLASS_PATH = "fluxgate.worker.class.path";

    private FrameworkProperties() {
    }
}
