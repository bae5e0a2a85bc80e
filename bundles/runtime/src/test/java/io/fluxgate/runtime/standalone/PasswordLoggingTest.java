package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.SecretSourceConnector;

/**
 * A PASSWORD-typed setting never reaches the log: not when its connector and tasks start, fail, are validated or
 * refused, and not when the password comes from a config provider. The platform's own logging and Kafka's client
 * configuration logging are captured at DEBUG and INFO.
 */
class PasswordLoggingTest {

    private static final String SECRET = "Pw-7f3c9e2a";
    private static final String SHORT = "Zq9";
    private static final Map<String, Level> LEVELS = Map.of("io.fluxgate", Level.DEBUG,
            "org.apache.kafka.clients", Level.INFO, "org.apache.kafka.common.config", Level.INFO);

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<String, Level> saved = new HashMap<>();

    @BeforeEach
    void capture() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.setContext(root.getLoggerContext());
        captured.start();
        root.addAppender(captured);
        LEVELS.forEach((name, level) -> {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            saved.put(name, logger.getLevel());
            logger.setLevel(level);
        });
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(captured);
        saved.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    @Test
    void passwordsStayOutOfTheLog() throws Exception {
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "provided=" + SECRET + "-provided\n");
        StandaloneHerder herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(
                SecretSourceConnector.class), TestHerders.settings(dir.resolve("offsets"),
                        "config.providers", "file",
                        "config.providers.file.class", "FileConfigProvider"));
        try {
            // started, running and producing, then failing
            await(herder.putConnectorConfig("secret-src", config(SECRET, "count"), null, false));
            Await.until("the task runs", Duration.ofSeconds(30),
                    () -> SECRET.equals(SecretSourceConnector.SEEN_BY_TASK.get("secret-src")));
            await(herder.putConnectorConfig("secret-src", config(SECRET, "fail-poll"), null, true));
            Await.until("the task fails", Duration.ofSeconds(30), () -> {
                var tasks = herder.connectorStatus("secret-src").tasks();
                return !tasks.isEmpty() && tasks.get(0).state() == State.FAILED;
            });
            // a password from a config provider
            await(herder.putConnectorConfig("provided-src", config("${file:" + secrets + ":provided}", "idle"),
                    null, false));
            Await.until("the provided password reaches the task", Duration.ofSeconds(30),
                    () -> (SECRET + "-provided").equals(SecretSourceConnector.SEEN_BY_TASK.get("provided-src")));
            // invalid: validated, then refused
            Map<String, String> invalid = config(SHORT, "idle");
            invalid.put("name", "short-src");
            assertEquals(1, await(herder.validateConnectorConfig(invalid)).errorCount());
            HerderException refused = assertThrows(HerderException.class,
                    () -> await(herder.putConnectorConfig("short-src", invalid, null, false)));
            assertFalse(refused.getMessage().contains(SHORT), refused.getMessage());
            assertTrue(refused.getMessage().contains("Invalid value [hidden] for configuration secret"));
        } finally {
            herder.close();
        }
        List<String> leaks = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            if (text.contains(SECRET) || text.contains(SHORT)) {
                leaks.add(event.getLoggerName() + ": " + text);
            }
        }
        assertTrue(captured.list.size() > 20, "the log was captured: " + captured.list.size());
        assertEquals(List.of(), leaks);
    }

    private static Map<String, String> config(String secret, String mode) {
        return new HashMap<>(Map.of("connector.class", SecretSourceConnector.class.getName(), "secret", secret,
                "mode", mode, "topic", "secret-topic"));
    }

    private static String throwableText(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy cause = proxy; cause != null; cause = cause.getCause()) {
            text.append(' ').append(cause.getClassName()).append(": ").append(cause.getMessage());
            for (StackTraceElementProxy frame : cause.getStackTraceElementProxyArray()) {
                text.append(' ').append(frame.getSTEAsString());
            }
        }
        return text.toString();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
