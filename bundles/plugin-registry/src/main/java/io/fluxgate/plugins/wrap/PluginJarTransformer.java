package io.fluxgate.plugins.wrap;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.fileinstall.ArtifactTransformer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginProblem.Kind;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.plugins.PlatformPackages;
import io.fluxgate.plugins.PluginProblems;
import io.fluxgate.plugins.wrap.PlainJarInspector.Judgement;

/**
 * Lets FileInstall deploy a plain Kafka Connect plugin jar (such as Apache's connect-file) or a plugin directory laid
 * out as for Kafka's plugin.path, dropped into a watched directory: it is wrapped as a bundle in FileInstall's
 * temporary directory and installed from there under the original file's location, so removing the file uninstalls
 * it. Bundles are left to FileInstall's own handling; jars that are not plugins, or cannot be read, are reported once
 * (log and {@link PluginProblems}) and left alone.
 *
 * <p>FileInstall only hands over a file (or a directory, whose every file counts) whose size and time have not
 * changed over one poll; a copy still under way past that is caught by the jar check (see {@link PlainJarInspector}),
 * so a half-copied jar is never installed. Copying elsewhere and moving into plugins/ is still the way to deploy.
 */
@Component(service = ArtifactTransformer.class, immediate = true, configurationPid = WorkerConfigKeys.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PluginJarTransformer implements ArtifactTransformer {

    private static final Logger LOG = LoggerFactory.getLogger(PluginJarTransformer.class);

    private final PlainJarInspector inspector;
    private final ArtifactOrigins origins;
    private final Bundle systemBundle;
    private final PluginProblems problems;
    /** Null without a distribution directory (in-framework tests): every deploy wraps afresh. */
    private final WrappedBundleCache cache;
    private BundleWiring platformWiring;
    private Set<String> platform;

    @Activate
    public PluginJarTransformer(BundleContext context, Map<String, Object> properties,
            @Reference PluginProblems problems) {
        this.systemBundle = PlatformPackages.systemBundle(context);
        this.problems = problems;
        this.origins = new ArtifactOrigins(context.getProperty("felix.fileinstall.tmpdir"),
                context.getProperty("felix.fileinstall.dir"));
        this.inspector = new PlainJarInspector(this::platformClass, this::judged);
        Object home = properties.get(WorkerConfigKeys.HOME);
        this.cache = home == null ? null
                : new WrappedBundleCache(Path.of(home.toString(), "data", "plugin-bundles"));
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.isFile() && judge(artifact).verdict().isPlugin();
    }

    /** Never throws: a jar that cannot be wrapped is reported in one line and not installed (null). */
    @Override
    public File transform(File artifact, File tmpDir) {
        long started = System.nanoTime();
        String name = origins.displayName(artifact);
        String base = artifact.getName().endsWith(".jar")
                ? artifact.getName().substring(0, artifact.getName().length() - 4) : artifact.getName();
        File target = new File(tmpDir, base + ".bundle.jar");
        try {
            Judgement judgement = judge(artifact);
            List<String> classPath = judgement.verdict() == JarVerdict.PLUGIN_DIRECTORY ? judgement.classPath()
                    : origins.isDirectoryJar(artifact) ? List.of() : null;
            Set<String> platform = platform();
            Path entry = cache == null || classPath != null ? null : cache.entryFor(artifact.toPath(), platform);
            if (entry != null && cache.copyTo(entry, target.toPath()).isPresent()) {
                LOG.info("Plugin jar {} deployed from its wrapped bundle {} in {} ms", name, entry.getFileName(),
                        (System.nanoTime() - started) / 1_000_000);
                return target;
            }
            PluginBundleName bundle = BundleWrapper.wrap(artifact, target, platform, classPath);
            if (entry != null) {
                cache.store(target.toPath(), entry);
            }
            LOG.info("Wrapped plugin {} {}as bundle {} {} in {} ms", name,
                    classPath == null || classPath.isEmpty() ? "" : "(class path " + classPath + ") ",
                    bundle.symbolicName(), bundle.version(), (System.nanoTime() - started) / 1_000_000);
            return target;
        } catch (Exception | LinkageError e) {
            LOG.error("Plugin {} is not installed: it cannot be made a bundle: {}", name, e.toString());
            problems.report(origins.location(artifact), Kind.NOT_WRAPPED, null,
                    "It cannot be made a bundle: " + e);
            target.delete();
            return null;
        }
    }

    /**
     * The packages the platform exports: what the plugin will be resolved against. Read again whenever the system
     * bundle's wiring changes (which takes a framework restart in practice), not at each of fifty deploys.
     */
    private synchronized Set<String> platform() {
        BundleWiring wiring = systemBundle.adapt(BundleWiring.class);
        if (wiring != platformWiring) {
            platform = PlatformPackages.exportedBy(systemBundle);
            platformWiring = wiring;
        }
        return platform;
    }

    private Judgement judge(File artifact) {
        return inspector.judge(artifact, origins.isDirectoryJar(artifact));
    }

    /** Each new verdict once: logged and reported when the file is rejected, its old problems cleared otherwise. */
    private void judged(File artifact, Judgement judgement) {
        String location = origins.location(artifact);
        problems.clear(location, PluginProblems.ARTIFACT_KINDS);
        switch (judgement.verdict()) {
            case NOT_A_PLUGIN -> {
                LOG.warn("{} is not installed: {}; add the manifests, e.g. with Kafka's connect-plugin-path.sh "
                        + "sync-manifests", origins.displayName(artifact), judgement.reason());
                problems.report(location, Kind.NOT_A_PLUGIN, null, "Not installed: " + judgement.reason() + ".");
            }
            case UNREADABLE -> {
                LOG.warn("{} is not installed: {}", origins.displayName(artifact), judgement.reason());
                problems.report(location, Kind.UNREADABLE, null, "Not installed: " + judgement.reason() + ".");
            }
            default -> LOG.debug("{} is {}", origins.displayName(artifact), judgement.verdict());
        }
    }

    private Class<?> platformClass(String name) {
        try {
            return systemBundle.loadClass(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
