package io.fluxgate.plugins.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.connector.Connector;

import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginNotFoundException;

/**
 * An immutable view of every installed plugin, with Kafka Connect's aliases and its rules to pick a plugin by name,
 * interface and version ({@code DelegatingClassLoader}, {@code Plugins.connectorClass}).
 */
final class PluginSet {

    static final PluginSet EMPTY = new PluginSet(List.of());

    private final List<InstalledPlugin> sorted;
    /** Each class's entries, in {@link InstalledPlugin} order: the newest last. */
    private final Map<String, List<InstalledPlugin>> byClass = new HashMap<>();
    private final Map<String, String> aliases;

    PluginSet(Collection<InstalledPlugin> plugins) {
        List<InstalledPlugin> all = new ArrayList<>(plugins);
        all.sort(null);
        this.sorted = List.copyOf(all);
        for (InstalledPlugin plugin : sorted) {
            byClass.computeIfAbsent(plugin.className(), name -> new ArrayList<>()).add(plugin);
        }
        this.aliases = Aliases.of(sorted);
    }

    List<PluginDescriptor> descriptors() {
        return sorted.stream().map(InstalledPlugin::descriptor).toList();
    }

    List<InstalledPlugin> plugins() {
        return sorted;
    }

    Map<String, String> aliases() {
        return aliases;
    }

    /**
     * The newest plugin within {@code requirement} that is, or is aliased by, {@code classOrAlias} and implements
     * {@code superType}.
     *
     * @throws PluginNotFoundException with Kafka Connect's message when there is none
     */
    InstalledPlugin resolve(String classOrAlias, Class<?> superType, VersionRequirement requirement) {
        String className = aliases.getOrDefault(classOrAlias, classOrAlias);
        List<InstalledPlugin> candidates = implementing(byClass.getOrDefault(className, List.of()), superType);
        if (candidates.isEmpty() && Connector.class.isAssignableFrom(superType)) {
            candidates = connectorsBySimpleName(classOrAlias, superType);
        }
        if (candidates.isEmpty()) {
            throw LookupErrors.notFound(classOrAlias, superType, ofKind(superType));
        }
        InstalledPlugin chosen = null;
        for (InstalledPlugin candidate : candidates) {
            if (requirement.allows(candidate.encodedVersion()) && preferred(candidate, chosen, superType)) {
                chosen = candidate;
            }
        }
        if (chosen == null) {
            throw LookupErrors.noVersion(candidates.get(0).className(), requirement, candidates);
        }
        return chosen;
    }

    /**
     * Kafka's fallback for connectors whose alias was dropped as ambiguous: the simple name, with or without its
     * {@code Connector} suffix, if only one class has it.
     */
    private List<InstalledPlugin> connectorsBySimpleName(String name, Class<?> superType) {
        List<InstalledPlugin> matches = new ArrayList<>();
        Set<String> classes = new LinkedHashSet<>();
        for (InstalledPlugin plugin : ofKind(superType)) {
            String simpleName = plugin.pluginClass().getSimpleName();
            if (simpleName.equals(name) || simpleName.equals(name + "Connector")) {
                matches.add(plugin);
                classes.add(plugin.className());
            }
        }
        if (classes.size() > 1) {
            throw LookupErrors.ambiguousConnector(name, matches);
        }
        return matches;
    }

    /** Plugins declared as a kind of {@code superType}: sources and sinks for {@code Connector}. */
    private List<InstalledPlugin> ofKind(Class<?> superType) {
        return sorted.stream().filter(plugin -> superType.isAssignableFrom(plugin.descriptor().type().superType())
                && superType.isAssignableFrom(plugin.pluginClass())).toList();
    }

    private static List<InstalledPlugin> implementing(List<InstalledPlugin> plugins, Class<?> superType) {
        return plugins.stream().filter(plugin -> superType.isAssignableFrom(plugin.pluginClass())).toList();
    }

    /**
     * Later entries win (newer, or isolated over the platform); between the entries of one class and version that
     * only differ in the manifest that declared them, the one declared as the kind asked for.
     */
    private static boolean preferred(InstalledPlugin candidate, InstalledPlugin chosen, Class<?> superType) {
        if (chosen == null || !sameClassVersionAndLocation(candidate, chosen)) {
            return true;
        }
        return superType.isAssignableFrom(candidate.descriptor().type().superType());
    }

    private static boolean sameClassVersionAndLocation(InstalledPlugin a, InstalledPlugin b) {
        return a.pluginClass() == b.pluginClass() && a.version().equals(b.version())
                && a.descriptor().location().equals(b.descriptor().location());
    }
}
