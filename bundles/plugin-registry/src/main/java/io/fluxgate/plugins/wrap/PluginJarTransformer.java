package io.fluxgate.plugins.wrap;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.apache.felix.fileinstall.ArtifactTransformer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.plugins.PlatformPackages;

/**
 * Lets FileInstall deploy a plain Kafka Connect plugin jar (one with KIP-898 manifests, such as Apache's
 * connect-file) dropped into plugins/: the jar is wrapped as a bundle in FileInstall's temporary directory and
 * installed from there under the original file's location, so removing the file uninstalls it. Bundles are left to
 * FileInstall's own handling; jars that are not plugins, or cannot be read, are reported once and left alone.
 *
 * <p>FileInstall only hands over a file whose size and time have not changed over one poll; a copy still under way
 * past that is caught by the jar check (see {@link PlainJarInspector}), so a half-copied jar is never installed.
 * Copying elsewhere and moving into plugins/ is still the way to deploy.
 */
@Component(service = ArtifactTransformer.class, immediate = true, configurationPid = WorkerConfigKeys.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PluginJarTransformer implements ArtifactTransformer {

    private static final Logger LOG = LoggerFactory.getLogger(PluginJarTransformer.class);

    private final PlainJarInspector inspector = new PlainJarInspector();
    private final Bundle systemBundle;
    /** Null without a distribution directory (in-framework tests): every deploy wraps afresh. */
    private final WrappedBundleCache cache;

    @Activate
    public PluginJarTransformer(BundleContext context, Map<String, Object> properties) {
        this.systemBundle = PlatformPackages.systemBundle(context);
        Object home = properties.get(WorkerConfigKeys.HOME);
        this.cache = home == null ? null
                : new WrappedBundleCache(Path.of(home.toString(), "data", "plugin-bundles"));
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.isFile() && inspector.inspect(artifact) == JarVerdict.PLUGIN;
    }

    /** Never throws: a jar that cannot be wrapped is reported in one line and not installed (null). */
    @Override
    public File transform(File artifact, File tmpDir) {
        long started = System.nanoTime();
        String name = artifact.getName();
        File target = new File(tmpDir, (name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name)
                + ".bundle.jar");
        try {
            // The platform's exports are read at each deploy: they are what the plugin will be resolved against.
            Set<String> platform = PlatformPackages.exportedBy(systemBundle);
            Path entry = cache == null ? null : cache.entryFor(artifact.toPath(), platform);
            if (entry != null && cache.copyTo(entry, target.toPath()).isPresent()) {
                LOG.info("Plugin jar {} deployed from its wrapped bundle {} in {} ms", name, entry.getFileName(),
                        (System.nanoTime() - started) / 1_000_000);
                return target;
            }
            PluginBundleName bundle = BundleWrapper.wrap(artifact, target, platform);
            if (entry != null) {
                cache.store(target.toPath(), entry);
            }
            LOG.info("Wrapped plugin jar {} as bundle {} {} in {} ms", name, bundle.symbolicName(), bundle.version(),
                    (System.nanoTime() - started) / 1_000_000);
            return target;
        } catch (Exception | LinkageError e) {
            LOG.error("Plugin jar {} is not installed: it cannot be made a bundle: {}", name, e.toString());
            target.delete();
            return null;
        }
    }
}
