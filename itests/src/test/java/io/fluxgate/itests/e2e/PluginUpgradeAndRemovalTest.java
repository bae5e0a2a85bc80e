package io.fluxgate.itests.e2e;

import static io.fluxgate.itests.e2e.RunningWorker.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot deploy as a lifecycle (docs/decisions.md, "Hot deploy is a lifecycle"), on the assembled distribution with Apache's connect-file jar:
 * removing the plugin's file fails its connectors with a trace saying so, putting it back starts them again by
 * themselves, and replacing connect-file 4.2.0 by 4.3.1 moves the running connectors onto the new version. Through
 * all of it the pipeline copies every line exactly once: offsets are committed before a plugin goes away.
 */
class PluginUpgradeAndRemovalTest {

    private static final Path OLD_CONNECT_FILE = Path.of(System.getProperty("fluxgate.test.plugins",
            "target/test-plugins"), "connect-file-4.2.0", "connect-file-4.2.0.jar");
    private RunningWorker worker;
    private Path source;
    private Path sink;
    private final List<String> written = new ArrayList<>();

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void removedThenReturnedThenUpgraded(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(OLD_CONNECT_FILE), "connect-file 4.2.0 is copied by the build: "
                + OLD_CONNECT_FILE.toAbsolutePath());
        Distribution dist = Distribution.copyInto(dir);
        Path plugins = dist.home.resolve("plugins");
        Path shipped = plugins.resolve("connect-file-4.3.1.jar");
        Path parked = dir.resolve("connect-file-4.3.1.jar");
        // Start on the old version: the shipped jar is parked outside plugins/ until the upgrade.
        Files.move(shipped, parked);
        Files.copy(OLD_CONNECT_FILE, plugins.resolve("connect-file-4.2.0.jar"));

        source = dir.resolve("source.txt");
        sink = dir.resolve("sink.txt");
        append(100);
        // Offsets are committed only when the plugin is withdrawn: a commit missed there shows as a copy.
        worker = RunningWorker.setup(dist).set("offset.flush.interval.ms", "600000").start();

        await("connect-file 4.2.0 is listed", Duration.ofSeconds(30),
                () -> worker.body("/connector-plugins").contains("FileStreamSourceConnector"));
        worker.create("file-source", "{\"connector.class\":\"FileStreamSource\",\"file\":\"" + source
                + "\",\"topic\":\"lifecycle\"}");
        worker.create("file-sink", "{\"connector.class\":\"FileStreamSink\",\"file\":\"" + sink
                + "\",\"topics\":\"lifecycle\"}");
        awaitRunning("file-source");
        awaitRunning("file-sink");
        awaitCopied();

        // Removal: both connectors fail, saying why; nothing is copied meanwhile.
        Files.delete(plugins.resolve("connect-file-4.2.0.jar"));
        for (String connector : List.of("file-source", "file-sink")) {
            await(connector + " fails once its plugin is removed", Duration.ofSeconds(30),
                    () -> worker.connectorStatus(connector).path("connector").path("state").asText()
                            .equals("FAILED"));
            String trace = worker.connectorStatus(connector).path("connector").path("trace").asText();
            assertTrue(trace.contains("was removed") && trace.contains("connect-file-4.2.0.jar"), trace);
        }
        append(50);
        assertEquals(200, worker.status("/health"), "the worker stays healthy without the plugin");

        // Return: the same file again; the connectors come back by themselves and catch up from their offsets.
        Files.copy(OLD_CONNECT_FILE, plugins.resolve("connect-file-4.2.0.jar"));
        awaitRunning("file-source");
        awaitRunning("file-sink");
        awaitCopied();

        // Upgrade to the shipped 4.3.1: the connectors move onto it, still without loss or copy. Once the old jar is
        // gone, running connectors can only be running on the new one.
        Path incoming = plugins.resolve(".connect-file-4.3.1.jar.part");
        Files.copy(parked, incoming);
        Files.move(incoming, shipped, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(plugins.resolve("connect-file-4.2.0.jar"));
        append(50);
        awaitRunning("file-source");
        awaitRunning("file-sink");
        awaitCopied();
    }

    private void append(int lines) throws Exception {
        List<String> more = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            more.add("line " + (written.size() + i));
        }
        Files.write(source, more, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        written.addAll(more);
    }

    /** Every line written so far is in the sink, once and in order. */
    private void awaitCopied() throws Exception {
        await("the sink has " + written.size() + " lines", Duration.ofSeconds(60),
                () -> lines(sink).size() >= written.size());
        Thread.sleep(1_000); // a copy would arrive meanwhile
        assertEquals(written, lines(sink), "every line exactly once");
    }

    /**
     * Connect-file's connectors report the version of the kafka-clients they run with (AppInfoParser), the
     * platform's, whichever jar they come from: 4.3.1 before and after the upgrade, as in Kafka Connect.
     */
    private void awaitRunning(String connector) throws InterruptedException {
        await(connector + " RUNNING", Duration.ofSeconds(60), () -> worker.runningOn(connector, 1, "4.3.1"));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (Exception e) {
            return List.of();
        }
    }
}
