package io.fluxgate.runtime.config;

import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.apache.maven.artifact.versioning.VersionRange;

/**
 * Plugin versions as Kafka Connect reads them (KIP-891, {@code PluginUtils.connectorVersionRequirement}): null or
 * {@code latest} is any version, a Maven range is that range, and a plain version means exactly that version.
 */
public final class PluginVersions {

    private PluginVersions() {
    }

    /** Null for any version. */
    public static VersionRange requirement(String spec) throws InvalidVersionSpecificationException {
        if (spec == null || spec.equals("latest")) {
            return null;
        }
        String version = spec.trim();
        VersionRange range = VersionRange.createFromVersionSpec(version);
        return range.hasRestrictions() ? range : VersionRange.createFromVersionSpec("[" + version + "]");
    }

    /** True when {@code spec} reads as a version requirement. */
    public static boolean isValid(String spec) {
        try {
            requirement(spec);
            return true;
        } catch (InvalidVersionSpecificationException e) {
            return false;
        }
    }

    /**
     * Kafka's {@code VersionedPluginLoadingException}: no installed version matches, or the requirement cannot be read.
     * A {@link ConfigException}, so that a {@code ConfigDef} reports it against the setting.
     */
    public static final class VersionException extends ConfigException {

        private static final long serialVersionUID = 1L;

        private final transient List<String> availableVersions;

        public VersionException(String message, List<String> availableVersions) {
            super(message);
            this.availableVersions = List.copyOf(availableVersions);
        }

        public List<String> availableVersions() {
            return availableVersions;
        }
    }

    /** Kafka's {@code ConnectorConfig.PluginVersionValidator}. */
    static final class Validator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                requirement((String) value);
            } catch (InvalidVersionSpecificationException e) {
                throw new VersionException(e.getMessage(), List.of());
            }
        }
    }
}
