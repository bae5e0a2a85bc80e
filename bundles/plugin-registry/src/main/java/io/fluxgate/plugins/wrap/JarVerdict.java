package io.fluxgate.plugins.wrap;

/** What a file dropped into plugins/ is, as far as wrapping goes. */
enum JarVerdict {
    /** A plain jar that declares Kafka Connect plugins: to be wrapped. */
    PLUGIN,
    /** Already an OSGi bundle: FileInstall installs it as it is. */
    BUNDLE,
    /** A readable jar that declares no plugin. */
    NOT_A_PLUGIN,
    /** Not a readable jar: corrupt, truncated, still being copied, or not a jar at all. */
    UNREADABLE
}
