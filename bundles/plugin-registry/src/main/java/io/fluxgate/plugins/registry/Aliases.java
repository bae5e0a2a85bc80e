package io.fluxgate.plugins.registry;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginType;

/**
 * Kafka Connect's plugin aliases ({@code PluginUtils.computeAliases}): every plugin answers to its simple class name
 * and to that name pruned of its type suffix ({@code FileStreamSinkConnector}, {@code FileStreamSink};
 * {@code JsonConverter}, {@code Json}). An alias that two different classes would share belongs to neither. Versions
 * of one class share their aliases.
 */
final class Aliases {

    private static final Logger LOG = LoggerFactory.getLogger(Aliases.class);

    private Aliases() {
    }

    /** Alias to fully qualified class name. */
    static Map<String, String> of(Collection<InstalledPlugin> plugins) {
        Map<String, Set<String>> classesByAlias = new HashMap<>();
        for (InstalledPlugin plugin : plugins) {
            String simpleName = plugin.pluginClass().getSimpleName();
            String pruned = prunedName(simpleName, plugin.descriptor().type());
            classesByAlias.computeIfAbsent(simpleName, alias -> new HashSet<>()).add(plugin.className());
            classesByAlias.computeIfAbsent(pruned, alias -> new HashSet<>()).add(plugin.className());
        }
        Map<String, String> aliases = new HashMap<>();
        classesByAlias.forEach((alias, classNames) -> {
            if (classNames.size() == 1) {
                aliases.put(alias, classNames.iterator().next());
            } else {
                LOG.debug("Ignoring ambiguous alias '{}' since it refers to multiple distinct plugins {}", alias,
                        classNames);
            }
        });
        return Map.copyOf(aliases);
    }

    /**
     * The simple name without the last occurrence of the type's suffix and what follows it, unless that would leave
     * nothing ({@code PluginUtils.prunedName}).
     */
    static String prunedName(String simpleName, PluginType type) {
        int position = simpleName.lastIndexOf(type.aliasSuffix());
        return position > 0 ? simpleName.substring(0, position) : simpleName;
    }
}
