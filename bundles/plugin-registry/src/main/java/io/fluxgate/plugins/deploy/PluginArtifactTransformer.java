package io.fluxgate.plugins.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactTransformer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginProblem.Kind;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.plugins.PluginProblems;
import io.fluxgate.plugins.content.ContentIndex;
import io.fluxgate.plugins.content.PluginContent;
import io.fluxgate.plugins.content.PluginContentStore;
import io.fluxgate.plugins.isolation.WorkerClassPathComponent;

/**
 * Lets FileInstall deploy what users drop into a watched directory as Kafka Connect's {@code plugin.path} defines a
 * plugin: a jar (or zip), or a directory of jars, at any depth, or of class files. Each becomes a
 * {@link DescriptorBundle} installed under the original file's location (so removing the file uninstalls it), whose
 * content is the plugin's archives as the {@link PluginContentStore} keeps them. A jar that happens to be an OSGi
 * bundle is a jar like any other: Apache Kafka Connect does not read OSGi headers either.
 *
 * <p>What is not a plugin (no manifest declares one and no class is one), or cannot be read, is reported once (log
 * and {@link PluginProblems}) and not installed. Packages its classes need that nobody provides are reported, and the
 * plugin installed all the same: as on Apache, a class that really lacks them fails when it is used.
 *
 * <p>FileInstall hands over a file (or a directory, whose every file counts) once its size and time have not changed
 * over one poll; a copy still under way past that is caught by {@link ArchiveCheck} (a zip is readable only once
 * whole), so a half-copied jar is never installed. Copying elsewhere and moving into plugins/ is still the way.
 */
@Component(service = ArtifactTransformer.class, immediate = true, configurationPid = WorkerConfigKeys.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PluginArtifactTransformer implements ArtifactTransformer {

    private static final Logger LOG = LoggerFactory.getLogger(PluginArtifactTransformer.class);

    private final ArtifactOrigins origins;
    private final ArchiveCheck archives;
    private final PluginProblems problems;
    private final PluginContentStore store;

    /** The one setting this component reads. */
    @interface Config {
        /** {@code fluxgate.home}, the distribution's directory; empty without a distribution. */
        String fluxgate_home() default "";
    }

    @Activate
    public PluginArtifactTransformer(BundleContext context, Config config,
            @Reference PluginProblems problems, @Reference WorkerClassPathComponent workerClassPath)
            throws IOException {
        this.problems = problems;
        this.origins = new ArtifactOrigins(context.getProperty("felix.fileinstall.tmpdir"),
                context.getProperty("felix.fileinstall.dir"));
        this.archives = new ArchiveCheck(this::unreadable);
        String home = config.fluxgate_home();
        // Without a distribution (in-framework tests) the store lives in the bundle's data area, for one run.
        Path root = home.isEmpty() ? context.getDataFile("plugin-content").toPath()
                : Path.of(home, "data", "plugin-content");
        this.store = new PluginContentStore(root, workerClassPath.classPath());
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.isFile() && archives.readable(artifact);
    }

    /** Never throws: what cannot be deployed is reported in one line and not installed (null). */
    @Override
    public File transform(File artifact, File tmpDir) {
        long started = System.nanoTime();
        String name = origins.displayName(artifact);
        String location = origins.location(artifact);
        boolean directory = origins.isDirectoryJar(artifact);
        File target = new File(tmpDir, artifact.getName().replaceAll("(?i)\\.(jar|zip)$", "") + ".plugin.jar");
        problems.clear(location, PluginProblems.ARTIFACT_KINDS);
        try {
            PluginContent content = directory
                    ? store.storeDirectory(artifact.toPath(), name.substring(0, name.length() - 1),
                            origins.directoryOf(artifact))
                    : store.storeJar(artifact.toPath());
            ContentIndex index = content.index();
            if (!index.hasPlugins()) {
                LOG.warn("{} is not installed: it declares no Kafka Connect plugin (no META-INF/services manifest for "
                        + "a plugin interface, as KIP-898 defines them) and none of its classes is a connector, "
                        + "converter, header converter, transformation or predicate", name);
                problems.report(location, Kind.NOT_A_PLUGIN, null, "Not installed: it declares no Kafka Connect "
                        + "plugin (no META-INF/services manifest for a plugin interface, as KIP-898 defines them) and "
                        + "none of its classes is a connector, converter, header converter, transformation or "
                        + "predicate.");
                return null;
            }
            reportMissing(location, name, index);
            PluginBundleName bundle = PluginBundleName.of(directory ? name.substring(0, name.length() - 1)
                    : artifact.getName(), directory ? null : manifestOf(artifact));
            DescriptorBundle.write(target.toPath(), bundle, directory ? "directory" : "jar", name, content);
            LOG.info("Deploying plugin {} as bundle {} {} ({} on its class path) in {} ms", name,
                    bundle.symbolicName(), bundle.version(), content.classPath().size(),
                    (System.nanoTime() - started) / 1_000_000);
            return target;
        } catch (IOException | RuntimeException e) {
            LOG.error("Plugin {} is not installed: it cannot be read: {}", name, e.toString());
            problems.report(location, Kind.UNREADABLE, null, "Not installed: it cannot be read (" + e.getMessage()
                    + "); it is tried again when it changes.");
            target.delete();
            return null;
        }
    }

    /** Packages the plugin's classes reference that neither it nor the worker class path nor the JDK provides. */
    private void reportMissing(String location, String name, ContentIndex index) {
        if (index.missing().isEmpty()) {
            return;
        }
        StringBuilder list = new StringBuilder();
        index.missing().forEach((pkg, referrer) -> list.append(list.length() == 0 ? "" : ", ").append(pkg)
                .append(" (used by ").append(referrer).append(')'));
        LOG.info("Plugin {} references {} package(s) that neither it nor the worker provides; the classes that use "
                + "them fail if they are used: {}", name, index.missing().size(), list);
        problems.report(location, Kind.MISSING_DEPENDENCIES, null, "Its classes reference " + index.missing().size()
                + " package(s) that neither it nor the worker provides; the classes that use them fail if they are "
                + "used (often optional features): " + list + ".");
    }

    private void unreadable(File artifact, String reason) {
        String location = origins.location(artifact);
        problems.clear(location, PluginProblems.ARTIFACT_KINDS);
        LOG.warn("{} is not installed: {}", origins.displayName(artifact), reason);
        problems.report(location, Kind.UNREADABLE, null, "Not installed: " + reason + ".");
    }

    private static Manifest manifestOf(File jar) throws IOException {
        try (JarFile file = new JarFile(jar)) {
            return file.getManifest();
        }
    }
}
