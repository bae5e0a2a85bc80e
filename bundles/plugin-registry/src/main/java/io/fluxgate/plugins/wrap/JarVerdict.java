package io.fluxgate.plugins.wrap;

/** What a file dropped into plugins/ is, as far as wrapping goes. */
enum JarVerdict {
    /** A plain jar that declares Kafka Connect plugins, or contains some: to be wrapped. */
    PLUGIN,
    /** A plugin directory (FileInstall hands it over as a jar of its files): its jars become the bundle class path. */
    PLUGIN_DIRECTORY,
    /** Already an OSGi bundle: FileInstall installs it as it is. */
    BUNDLE,
    /** A readable jar that declares no plugin and contains none. */
    NOT_A_PLUGIN,
    /** Not a readable jar: corrupt, truncated, still being copied, or not a jar at all. */
    UNREADABLE;

    boolean isPlugin() {
        return this == PLUGIN || this == PLUGIN_DIRECTORY;
    }
}
