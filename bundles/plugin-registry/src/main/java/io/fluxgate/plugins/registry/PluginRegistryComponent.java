package io.fluxgate.plugins.registry;

import java.util.List;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * The {@link PluginRegistry} service. It needs no configuration: it tracks every bundle from activation on, and the
 * platform's plugins are there from the start.
 */
@Component(service = PluginRegistry.class, immediate = true)
public final class PluginRegistryComponent implements PluginRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistryComponent.class);

    private final PluginIndex index = new PluginIndex();
    private PluginBundleTracker tracker;

    @Activate
    void activate(BundleContext context) {
        long started = System.nanoTime();
        tracker = new PluginBundleTracker(context, index);
        tracker.open();
        long platform = index.current().plugins().stream().filter(InstalledPlugin::platform).count();
        LOG.info("Plugin registry ready in {} ms: {} plugins, {} of them from the platform",
                (System.nanoTime() - started) / 1_000_000, index.current().plugins().size(), platform);
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    @Override
    public List<PluginDescriptor> plugins() {
        return index.current().descriptors();
    }

    @Override
    public <T> PluginClass<T> load(String classOrAlias, Class<T> superType, String versionRange) {
        Objects.requireNonNull(classOrAlias, "classOrAlias");
        Objects.requireNonNull(superType, "superType");
        VersionRequirement requirement = VersionRequirement.parse(versionRange, classOrAlias);
        return new LoadedPlugin<>(index.current().resolve(classOrAlias, superType, requirement), superType);
    }
}
