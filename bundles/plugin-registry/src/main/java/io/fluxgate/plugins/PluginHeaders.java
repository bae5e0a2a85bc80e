package io.fluxgate.plugins;

/**
 * Manifest headers of the bundle that stands for a plugin (see {@code deploy.DescriptorBundle}), written when the plugin
 * is deployed, for the registry to read.
 */
public final class PluginHeaders {

    /** What the plugin was delivered as: {@code jar} or {@code directory}. */
    public static final String SOURCE = "Fluxgate-Plugin-Source";
    /** The absolute path of the plugin's entry in the content store: its archives and what was read in them. */
    public static final String CONTENT = "Fluxgate-Plugin-Content";
    /**
     * The version the jar's or directory's name (or the jar's Implementation-Version) gave, as written there; absent
     * when nothing said one, and the bundle then has version 0.0.0 only because OSGi needs one.
     */
    public static final String PLUGIN_VERSION = "Fluxgate-Plugin-Version";

    private PluginHeaders() {
    }
}
