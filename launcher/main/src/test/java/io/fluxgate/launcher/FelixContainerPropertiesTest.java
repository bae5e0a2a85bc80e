package io.fluxgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** FileInstall watches plugins/ and every plugin.path directory, with a filter that admits plugin directories. */
class FelixContainerPropertiesTest {

    private final Path home = Path.of("/opt/fluxgate");

    @Test
    void pluginsAloneWithoutPluginPath() {
        assertEquals("/opt/fluxgate/plugins",
                FelixContainer.frameworkProperties(home, "").get("felix.fileinstall.dir"));
    }

    @Test
    void everyPluginPathDirectoryIsWatchedOnce() {
        Map<String, String> props = FelixContainer.frameworkProperties(home, "",
                List.of("/usr/share/java", " /opt/connectors ", "/usr/share/java", "/opt/fluxgate/plugins"));
        assertEquals("/opt/fluxgate/plugins,/usr/share/java,/opt/connectors", props.get("felix.fileinstall.dir"));
    }

    @Test
    void theFilterTakesJarsAndWhatPluginDirectoriesHold() {
        Pattern filter = Pattern.compile(FelixContainer.frameworkProperties(home, "").get("felix.fileinstall.filter"));
        for (String path : List.of("connect-file-4.3.1.jar", "debezium/debezium-core.jar", "dir/lib/a.zip",
                "classes/com/example/Plugin.class")) {
            assertTrue(filter.matcher(path).matches(), path);
        }
        for (String path : List.of("README.txt", "Plugin.class", "connector.properties")) {
            assertTrue(!filter.matcher(path).matches(), path);
        }
    }
}
