package io.fluxgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.boot.config.WorkerConfigDef;
import io.fluxgate.boot.config.WorkerMode;

class WebConsoleSettingsTest {

    private static Map<String, String> worker() {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:9092");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("offset.storage.file.filename", "/tmp/offsets");
        return props;
    }

    private static WebConsoleSettings settings(Map<String, String> props) throws LaunchException {
        return WebConsoleSettings.from(props, WorkerConfigDef.validate(WorkerMode.STANDALONE, props));
    }

    @Test
    void withoutAPasswordTheConsoleIsOffAndFelixHttpWithIt() throws LaunchException {
        WebConsoleSettings console = settings(worker());
        assertFalse(console.enabled());
        assertEquals("false", console.frameworkProperties().get("org.apache.felix.http.enable"));
        assertFalse(console.frameworkProperties().containsKey("org.osgi.service.http.port"));
    }

    @Test
    void theListenerAndTheRequiredSecurityProviderBecomeFrameworkProperties() throws LaunchException {
        Map<String, String> props = worker();
        props.put("console.password", "pw");
        WebConsoleSettings console = settings(props);
        assertTrue(console.enabled());
        assertEquals("admin", console.username());
        Map<String, String> framework = console.frameworkProperties();
        assertEquals("8084", framework.get("org.osgi.service.http.port"));
        assertEquals("127.0.0.1", framework.get("org.apache.felix.http.host"));
        assertEquals("fluxgate", framework.get("felix.webconsole.security.providers"));
        assertFalse(framework.containsValue("pw"), "the password is no framework property");
        assertFalse(console.toString().contains("pw"));
        assertEquals("http://127.0.0.1:8084/system/console", console.url());
    }

    @Test
    void thePasswordMayComeFromAConfigProvider(@TempDir Path dir) throws Exception {
        Path secrets = Files.writeString(dir.resolve("secrets.properties"), "console=from-a-file\n");
        Map<String, String> props = worker();
        props.put("config.providers", "file");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        props.put("console.password", "${file:" + secrets + ":console}");
        assertEquals("from-a-file", settings(props).password());

        props.put("console.password", "${file:" + secrets + ":missing}");
        assertThrows(LaunchException.class, () -> settings(props));
        props.put("console.password", "${vault:secret/console:pw}");
        LaunchException unknown = assertThrows(LaunchException.class, () -> settings(props));
        assertTrue(unknown.getMessage().contains("'vault'"), unknown.getMessage());
    }

    @Test
    void anHttpsOrMalformedListenerIsRefused() {
        Map<String, String> props = worker();
        props.put("console.listener", "https://127.0.0.1:8443");
        assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> WorkerConfigDef.validate(WorkerMode.STANDALONE, props));
        props.put("console.listener", "127.0.0.1:8084");
        assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> WorkerConfigDef.validate(WorkerMode.STANDALONE, props));
    }
}
