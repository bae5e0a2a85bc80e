package io.fluxgate.plugins.registry;

import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.apache.maven.artifact.versioning.VersionRange;

import io.fluxgate.api.plugins.PluginNotFoundException;

/**
 * Which versions of a plugin will do, as Kafka Connect reads {@code connector.plugin.version} and the other
 * {@code *.plugin.version} keys (KIP-891, {@code PluginUtils.connectorVersionRequirement}): null or {@code latest}
 * means any (the newest is used), a Maven range such as {@code [1.0,2.0)} or {@code (,2.0]} means that range, and a
 * plain version means exactly that version ({@code 1.2} reads {@code [1.2]}), never Maven's "soft" preference.
 */
final class VersionRequirement {

    static final VersionRequirement LATEST = new VersionRequirement(null);

    /** Null for any version. */
    private final VersionRange range;

    private VersionRequirement(VersionRange range) {
        this.range = range;
    }

    /**
     * @param plugin the plugin asked for, named in the error
     * @throws PluginNotFoundException when {@code spec} is neither a version nor a range: no plugin can match it
     *         (Kafka raises the same exception type for both)
     */
    static VersionRequirement parse(String spec, String plugin) {
        if (spec == null || spec.equals("latest")) {
            return LATEST;
        }
        String version = spec.trim();
        try {
            VersionRange range = VersionRange.createFromVersionSpec(version);
            if (!range.hasRestrictions()) {
                range = VersionRange.createFromVersionSpec("[" + version + "]");
            }
            return new VersionRequirement(range);
        } catch (InvalidVersionSpecificationException e) {
            throw new PluginNotFoundException(String.format("Invalid version range for %s: %s", plugin, spec));
        }
    }

    boolean allows(DefaultArtifactVersion version) {
        return range == null || range.containsVersion(version);
    }

    boolean isLatest() {
        return range == null;
    }

    @Override
    public String toString() {
        return range == null ? "latest" : range.toString();
    }
}
