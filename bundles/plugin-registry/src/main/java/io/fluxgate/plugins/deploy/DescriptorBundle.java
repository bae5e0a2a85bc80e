package io.fluxgate.plugins.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;

import io.fluxgate.plugins.PluginHeaders;
import io.fluxgate.plugins.content.PluginContent;

/**
 * The bundle that stands for a plugin in the framework: a manifest and nothing else. It gives the plugin an identity
 * and a lifecycle (FileInstall installs, updates and uninstalls it with the file or directory); its classes load
 * through a {@link io.fluxgate.plugins.isolation.PluginClassLoader} over the content the manifest names, never through
 * the bundle's own class loader. It imports and exports nothing, so it always resolves and no plugin can change what
 * another one, or the platform, sees.
 */
final class DescriptorBundle {

    private DescriptorBundle() {
    }

    /**
     * @param source {@code jar} or {@code directory}
     */
    static void write(Path target, PluginBundleName name, String source, String displayName, PluginContent content)
            throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, name.symbolicName());
        main.putValue(Constants.BUNDLE_VERSION, name.version());
        main.putValue(Constants.BUNDLE_NAME, displayName + " (Kafka Connect plugin)");
        main.putValue(PluginHeaders.SOURCE, source);
        main.putValue(PluginHeaders.CONTENT, content.dir().toAbsolutePath().toString());
        if (name.declaredVersion() != null) {
            main.putValue(PluginHeaders.PLUGIN_VERSION, name.declaredVersion());
        }
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }
}
