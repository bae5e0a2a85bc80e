package io.fluxgate.plugins.registry;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.connect.connector.Connector;

import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginType;

/**
 * Kafka Connect's words for a plugin that is not there ({@code Plugins}, {@code DelegatingClassLoader}), so that the
 * messages users and their scripts know keep working.
 */
final class LookupErrors {

    private LookupErrors() {
    }

    static PluginNotFoundException notFound(String classOrAlias, Class<?> superType,
            Collection<InstalledPlugin> available) {
        boolean connectors = Connector.class.isAssignableFrom(superType);
        String interfaceName = connectors ? "Connector" : superType.getSimpleName();
        return new PluginNotFoundException("Failed to find any class that implements " + interfaceName
                + " and which name matches " + classOrAlias
                + (connectors ? ", available connectors are: " : ", available plugins are: ") + describe(available));
    }

    static PluginNotFoundException ambiguousConnector(String alias, Collection<InstalledPlugin> matches) {
        return new PluginNotFoundException("More than one connector matches alias " + alias
                + ". Please use full package and class name instead. Classes found: " + describe(matches));
    }

    static PluginNotFoundException noVersion(String className, VersionRequirement requirement,
            Collection<InstalledPlugin> candidates) {
        List<String> versions = candidates.stream().map(InstalledPlugin::version).distinct().toList();
        return new PluginNotFoundException(String.format(
                "Plugin %s not found that matches the version range %s, available versions: %s",
                className, requirement, versions));
    }

    private static String describe(Collection<InstalledPlugin> plugins) {
        return plugins.stream().map(LookupErrors::pluginDesc).collect(Collectors.joining(", "));
    }

    /** As Kafka's {@code PluginDesc.toString()}. */
    private static String pluginDesc(InstalledPlugin plugin) {
        String type = kafkaTypeName(plugin.descriptor().type());
        return "PluginDesc{klass=" + plugin.pluginClass()
                + ", name='" + plugin.className() + '\''
                + ", version='" + plugin.version() + '\''
                + ", encodedVersion=" + plugin.encodedVersion()
                + ", type=" + type
                + ", typeName='" + type + '\''
                + ", location='" + plugin.descriptor().location() + '\''
                + '}';
    }

    /** Kafka's {@code PluginType.toString()}: this API's REST name, but {@code configprovider} in one word. */
    private static String kafkaTypeName(PluginType type) {
        return type == PluginType.CONFIG_PROVIDER ? "configprovider" : type.restName();
    }
}
