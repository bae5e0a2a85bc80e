package io.fluxgate.plugins.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.jar.Attributes;
import java.util.jar.Manifest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginBundleNameTest {

    @ParameterizedTest
    @CsvSource({
        "connect-file-4.3.1.jar, fluxgate.plugin.connect-file, 4.3.1",
        "kafka-connect-jdbc-10.7.4.jar, fluxgate.plugin.kafka-connect-jdbc, 10.7.4",
        "debezium-connector-mysql-2.5.4.Final.jar, fluxgate.plugin.debezium-connector-mysql, 2.5.4.Final",
        "my-connector-1.0-SNAPSHOT.jar, fluxgate.plugin.my-connector, 1.0.0.SNAPSHOT",
        "mysql-connector-j-8.0.33.jar, fluxgate.plugin.mysql-connector-j, 8.0.33",
        "connector.jar, fluxgate.plugin.connector, 0.0.0",
        "'odd name (copy).jar', fluxgate.plugin.odd_name_copy_, 0.0.0",
        "..dots...jar, fluxgate.plugin.dots, 0.0.0",
    })
    void fromTheFileName(String fileName, String symbolicName, String version) {
        PluginBundleName name = PluginBundleName.of(fileName, new Manifest());
        assertEquals(symbolicName, name.symbolicName());
        assertEquals(version, name.version());
        // Only a version the name gave is declared: 0.0.0 is made up.
        assertEquals(version.equals("0.0.0"), name.declaredVersion() == null);
    }

    @ParameterizedTest
    @CsvSource({"connector.jar, 2.1, 2.1", "connector.jar, 3.0-rc1, 3.0.0.rc1", "connector-1.0.jar, 2.0, 1.0"})
    void fromImplementationVersionWhenTheNameHasNone(String fileName, String implementationVersion, String version) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, implementationVersion);
        assertEquals(version, PluginBundleName.of(fileName, manifest).version());
    }
}
