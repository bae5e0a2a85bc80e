package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.TaskInfo;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.SecretSourceConnector;

/**
 * KIP-297 config providers: placeholders are stored and shown as written and resolved only inside the worker, with
 * Kafka's file, directory and environment providers named by the worker's {@code config.providers}.
 */
class ConfigProvidersTest {

    @TempDir
    static Path dir;
    static StandaloneHerder herder;
    static Path secrets;

    @BeforeAll
    static void start() throws Exception {
        secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "secret=s3cr3t-from-file\nshort=abc\n");
        Path secretDir = Files.createDirectories(dir.resolve("secret-dir"));
        Files.writeString(secretDir.resolve("password"), "s3cr3t-from-dir");
        herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(SecretSourceConnector.class),
                TestHerders.settings(dir.resolve("offsets"),
                        "config.providers", "file, dir,env",
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                        "config.providers.dir.class", "DirectoryConfigProvider",
                        "config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                        "config.providers.dir.param.allowed.paths", secretDir.toString()));
    }

    @AfterAll
    static void stop() {
        herder.close();
    }

    private static Map<String, String> secretSource(String secret) {
        return Map.of("connector.class", "SecretSource", "mode", "idle", "secret", secret, "tasks.max", "1");
    }

    @Test
    void placeholdersAreStoredAsWrittenAndResolvedForThePluginOnly() throws Exception {
        String placeholder = "${file:" + secrets + ":secret}";
        await(herder.putConnectorConfig("from-file", secretSource(placeholder), null, false));
        Await.until("the task starts", Duration.ofSeconds(30),
                () -> SecretSourceConnector.SEEN_BY_TASK.containsKey("from-file"));

        assertEquals("s3cr3t-from-file", SecretSourceConnector.SEEN_BY_CONNECTOR.get("from-file"));
        assertEquals("s3cr3t-from-file", SecretSourceConnector.SEEN_BY_TASK.get("from-file"));
        assertEquals(placeholder, herder.connectorConfig("from-file").get("secret"));
        assertEquals(placeholder, herder.connectorInfo("from-file").config().get("secret"));
        List<TaskInfo> tasks = herder.taskConfigs("from-file");
        assertEquals(placeholder, tasks.get(0).config().get("secret"), "task configurations are stored unresolved");
        assertFalse(tasks.toString().contains("s3cr3t-from-file"));
        await(herder.deleteConnector("from-file"));
    }

    @Test
    void directoryAndEnvironmentProviders() throws Exception {
        await(herder.putConnectorConfig("from-dir", secretSource("${dir:" + dir.resolve("secret-dir")
                + ":password}"), null, false));
        await(herder.putConnectorConfig("from-env", secretSource("${env:PATH}"), null, false));
        Await.until("both tasks start", Duration.ofSeconds(30),
                () -> SecretSourceConnector.SEEN_BY_TASK.containsKey("from-dir")
                        && SecretSourceConnector.SEEN_BY_TASK.containsKey("from-env"));
        assertEquals("s3cr3t-from-dir", SecretSourceConnector.SEEN_BY_TASK.get("from-dir"));
        assertEquals(System.getenv("PATH"), SecretSourceConnector.SEEN_BY_TASK.get("from-env"));
        await(herder.deleteConnector("from-dir"));
        await(herder.deleteConnector("from-env"));
    }

    @Test
    void validationSeesResolvedValues() throws Exception {
        Map<String, String> config = new java.util.HashMap<>(secretSource("${file:" + secrets + ":short}"));
        config.put("name", "short");
        ConfigInfos infos = await(herder.validateConnectorConfig(config));
        assertEquals(List.of("Invalid value [hidden] for configuration secret: Password too short"), infos.errors());
        HerderException refused = assertThrows(HerderException.class,
                () -> await(herder.putConnectorConfig("short", config, null, false)));
        assertEquals(400, refused.status());

        config.put("secret", "${unknown:" + secrets + ":secret}");
        assertEquals(List.of(), await(herder.validateConnectorConfig(config)).errors(),
                "a placeholder of an unknown provider stays as written, as in Kafka");
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
