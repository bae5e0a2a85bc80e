package io.fluxgate.plugins;

/** Manifest headers the jar wrapper writes into the bundles it makes, for the registry to read. */
public final class PluginHeaders {

    /** What a wrapped bundle was made from: {@code jar} or {@code directory}. Absent in bundles users built. */
    public static final String SOURCE = "Fluxgate-Plugin-Source";
    /**
     * The version the jar's or directory's name (or the jar's Implementation-Version) gave, as written there; absent
     * when nothing said one, and the bundle then has version 0.0.0 only because OSGi needs one.
     */
    public static final String PLUGIN_VERSION = "Fluxgate-Plugin-Version";

    private PluginHeaders() {
    }
}
