package io.fluxgate.api.plugins;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Every Kafka Connect plugin the worker can use: those the platform provides (Kafka's converters and
 * transformations) and those installed in plugins/ as isolated bundles. The answer reflects installs and removals at
 * once.
 *
 * <p>Names are resolved as Kafka Connect resolves them: the fully qualified class name, the simple class name, or the
 * simple name without its type suffix ({@code FileStreamSinkConnector}, {@code FileStreamSink}); an alias that two
 * different classes share is not an alias.
 *
 * <p>Changes are announced to every {@link PluginListener} service.
 */
@ProviderType
public interface PluginRegistry {

    /**
     * Every installed plugin, one entry per class, version and type (a class declared as two kinds of plugin, such as
     * {@code JsonConverter} as converter and header converter, is listed under each, as in Kafka Connect), sorted by
     * class name then version.
     */
    List<PluginDescriptor> plugins();

    /**
     * Loads the plugin named {@code classOrAlias} that implements {@code superType} (for example {@code Connector},
     * {@code Converter}), in the newest version within {@code versionRange} (a Maven version range such as
     * {@code [1.0,2.0)} or a plain version; null means the newest installed).
     *
     * @throws PluginNotFoundException when no installed plugin matches, with a message naming what was asked; also
     *         when {@code versionRange} is neither a version nor a range ({@code Invalid version range for ...})
     */
    <T> PluginClass<T> load(String classOrAlias, Class<T> superType, String versionRange);

    /**
     * What was delivered as a plugin but is not usable, and why (see {@link PluginProblem.Kind}), oldest first. A
     * problem goes away when its file is removed or replaced by one that works.
     *
     * @since 1.1
     */
    default List<PluginProblem> problems() {
        return List.of();
    }
}
