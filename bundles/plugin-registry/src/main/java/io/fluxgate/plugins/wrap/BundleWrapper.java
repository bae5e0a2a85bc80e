package io.fluxgate.plugins.wrap;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Descriptors.PackageRef;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Packages;
import io.fluxgate.plugins.PluginHeaders;

/**
 * Rewrites a plain plugin jar, or FileInstall's jar of a plugin directory, as a bundle: bndlib's {@link Analyzer}
 * reads which packages its classes use and contain; the jar keeps its content and gets a bundle manifest with the
 * identity of {@link PluginBundleName} and the imports of {@link ImportPolicy}, exporting nothing. A directory's jars
 * (found at any depth, as Kafka's {@code PluginUtils.pluginUrls} finds them) form its Bundle-ClassPath, so they share
 * one class loader as they share one {@code PluginClassLoader} in Kafka; a directory of class files is its own class
 * path.
 */
final class BundleWrapper {

    /** Signatures cover the original manifest, which changes: a signed jar would no longer load. */
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");

    private BundleWrapper() {
    }

    /** Writes the bundle for a plain jar {@code source} to {@code target} and says what it is called. */
    static PluginBundleName wrap(File source, File target, Set<String> platformPackages) throws Exception {
        return wrap(source, target, platformPackages, null);
    }

    /**
     * @param directoryJars for a plugin directory, its jars (paths inside {@code source}), the bundle class path;
     *                      null for a plain jar
     */
    static PluginBundleName wrap(File source, File target, Set<String> platformPackages, List<String> directoryJars)
            throws Exception {
        try (Jar jar = new Jar(source); Analyzer analyzer = new Analyzer()) {
            PluginBundleName name = PluginBundleName.of(source.getName(), jar.getManifest());
            for (String path : new ArrayList<>(jar.getResources().keySet())) {
                if (SIGNATURE.matcher(path).matches()) {
                    jar.remove(path);
                }
            }
            analyzer.setJar(jar);
            analyzer.setProperty(Constants.BUNDLE_SYMBOLICNAME, name.symbolicName());
            analyzer.setProperty(Constants.BUNDLE_VERSION, name.version());
            analyzer.setProperty(Constants.NOEXTRAHEADERS, "true");
            analyzer.setProperty(Constants.NOUSES, "true");
            // The JVM checks class versions itself; an osgi.ee requirement would only add a way to fail.
            analyzer.setProperty(Constants.NOEE, "true");
            // A class stored under another path than its name is never loaded, and harmless: Kafka ignores it too.
            analyzer.setProperty(Constants.FIXUPMESSAGES,
                    "Classes found in the wrong directory;restrict:=error;is:=warning");
            boolean directory = directoryJars != null;
            if (directory && !directoryJars.isEmpty()) {
                analyzer.setProperty(Constants.BUNDLE_CLASSPATH, String.join(",", directoryJars));
            }
            Manifest manifest = analyzer.calcManifest();
            if (!analyzer.isOk()) {
                throw new IOException(String.join("; ", analyzer.getErrors()));
            }
            String imports = ImportPolicy.importPackage(names(analyzer.getReferred()),
                    names(analyzer.getContained()), platformPackages);
            Attributes main = manifest.getMainAttributes();
            main.remove(new Attributes.Name(Constants.EXPORT_PACKAGE));
            main.remove(new Attributes.Name(Constants.IMPORT_PACKAGE));
            if (!imports.isEmpty()) {
                main.putValue(Constants.IMPORT_PACKAGE, imports);
            }
            main.putValue(Constants.DYNAMICIMPORT_PACKAGE, ImportPolicy.DYNAMIC_IMPORTS);
            main.putValue(PluginHeaders.SOURCE, directory ? "directory" : "jar");
            if (name.declaredVersion() != null) {
                main.putValue(PluginHeaders.PLUGIN_VERSION, name.declaredVersion());
            }
            jar.setManifest(manifest);
            jar.write(target);
            return name;
        }
    }

    /** Package names, without java.*: the framework always delegates those to the JVM. */
    private static Set<String> names(Packages packages) {
        return packages.keySet().stream().filter(ref -> !ref.isJava()).map(PackageRef::getFQN)
                .collect(Collectors.toSet());
    }
}
