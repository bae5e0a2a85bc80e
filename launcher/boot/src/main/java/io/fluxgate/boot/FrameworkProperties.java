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

    /**
     * The file names of the application class path's jars that are part of the worker class path, comma-separated;
     * unset means all of them, as in the distribution, whose lib/ holds nothing else. In-framework tests set it to the
     * distribution's lib/, since their class path also holds the test's own libraries.
     */
    public static final String WORKER_CLASS_PATH_APPLICATION_JARS = "fluxgate.worker.class.path.application.jars";

    private FrameworkProperties() {
    }
}
