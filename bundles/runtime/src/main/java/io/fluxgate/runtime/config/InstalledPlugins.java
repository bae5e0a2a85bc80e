package io.fluxgate.runtime.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.plugins.PluginType;

/**
 * What validation asks of the registry about installed plugins, read afresh on each call so that a hot deploy shows
 * at once: the classes of a kind, the versions of a class, the newest version.
 */
final class InstalledPlugins {

    private final PluginRegistry registry;

    InstalledPlugins(PluginRegistry registry) {
        this.registry = registry;
    }

    PluginRegistry registry() {
        return registry;
    }

    /**
     * Loads a plugin in the newest version {@code versionSpec} allows, telling a version that is not installed (or
     * cannot be read) from a plugin that is not installed at all, as Kafka does.
     *
     * @throws PluginVersions.VersionException when the plugin is installed but not in a matching version
     * @throws PluginNotFoundException when it is not installed
     */
    <T> PluginClass<T> load(String classOrAlias, Class<T> superType, String versionSpec) {
        try {
            PluginVersions.requirement(versionSpec);
        } catch (InvalidVersionSpecificationException e) {
            throw new PluginVersions.VersionException(e.getMessage(), List.of());
        }
        try {
            return registry.load(classOrAlias, superType, versionSpec);
        } catch (PluginNotFoundException e) {
            if (versionSpec != null && className(classOrAlias, superType) != null) {
                Set<String> available = new LinkedHashSet<>();
                for (PluginType type : PluginType.values()) {
                    if (superType.isAssignableFrom(type.superType()) || type.superType().isAssignableFrom(superType)) {
                        versions(classOrAlias, type).forEach(v -> available.add(v.toString()));
                    }
                }
                throw new PluginVersions.VersionException(e.getMessage(), new ArrayList<>(available));
            }
            throw e;
        }
    }

    /** Every class installed as {@code type}, loaded in its newest version (the recommended values of Kafka). */
    List<Object> classes(PluginType type) {
        Set<String> names = new LinkedHashSet<>();
        for (PluginDescriptor plugin : registry.plugins()) {
            if (plugin.type() == type) {
                names.add(plugin.className());
            }
        }
        List<Object> classes = new ArrayList<>();
        for (String name : names) {
            try {
                classes.add(registry.load(name, type.superType(), null).type());
            } catch (PluginNotFoundException e) {
                // removed meanwhile
            }
        }
        return classes;
    }

    /** The installed versions of the plugin {@code classOrAlias} of one of {@code types}, oldest first. */
    List<Object> versions(String classOrAlias, PluginType... types) {
        List<Object> versions = new ArrayList<>();
        for (PluginType type : types) {
            String className = className(classOrAlias, type.superType());
            if (className == null) {
                continue;
            }
            for (PluginDescriptor plugin : registry.plugins()) {
                if (plugin.type() == type && plugin.className().equals(className)
                        && !versions.contains(plugin.version())) {
                    versions.add(plugin.version());
                }
            }
            if (!versions.isEmpty()) {
                return versions;
            }
        }
        return versions;
    }

    /** The newest installed version of {@code classOrAlias} as a {@code superType}, or null if it is not installed. */
    String latestVersion(String classOrAlias, Class<?> superType) {
        if (classOrAlias == null) {
            return null;
        }
        try {
            return registry.load(classOrAlias.trim(), superType, null).descriptor().version();
        } catch (PluginNotFoundException e) {
            return null;
        }
    }

    /** The full class name {@code classOrAlias} stands for, or null if no such plugin is installed. */
    String className(String classOrAlias, Class<?> superType) {
        if (classOrAlias == null) {
            return null;
        }
        try {
            return registry.load(classOrAlias.trim(), superType, null).type().getName();
        } catch (PluginNotFoundException e) {
            return null;
        }
    }
}
