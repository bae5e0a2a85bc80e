package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.CountingTransformation;

/**
 * KIP-877: a transformation that implements {@code Monitorable} gets metrics of its own, published over JMX with the
 * name Apache Kafka Connect gives them ({@code kafka.connect:type=plugins,connector=..,task=..,transformation=alias}),
 * counting what it really saw, and removed with the connector.
 */
class PluginMetricsTest {

    @TempDir
    Path dir;

    @Test
    void aMonitorableTransformationPublishesItsMetricsUnderApachesName() throws Exception {
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "a\nb\nc\n");
        StandaloneHerder herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(
                CountingTransformation.class), TestHerders.settings(dir.resolve("offsets")));
        try {
            herder.putConnectorConfig("counted", Map.of("connector.class", "FileStreamSource",
                    "file", input.toString(), "topic", "plugin-metrics", "transforms", "count",
                    "transforms.count.type", CountingTransformation.class.getName()), null, false)
                    .toCompletableFuture().get();
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("kafka.connect:type=plugins,connector=counted,task=0,"
                    + "transformation=count");
            Await.until("the transformation counted the three lines", Duration.ofSeconds(30),
                    () -> recordsSeen(server, name) == 3);
            herder.deleteConnector("counted").toCompletableFuture().get();
            Await.until("its metrics are removed with it", Duration.ofSeconds(30), () -> !server.isRegistered(name));
            assertFalse(server.isRegistered(name));
            assertEquals(0, server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=counted,*"), null)
                    .size());
        } finally {
            herder.close();
        }
    }

    private static double recordsSeen(MBeanServer server, ObjectName name) {
        try {
            return server.isRegistered(name) ? ((Number) server.getAttribute(name, "records-seen")).doubleValue() : -1;
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
