package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.InsertHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.TestHerders;

/**
 * A connector whose class is the platform's, but whose task uses a transformation and a converter from plugin files:
 * the update or removal of either file concerns the connector as the update or removal of its connector's plugin
 * does (stopped first; started again after an update; FAILED naming the removed plugin, and back once it returns).
 */
class PluginsUsedByTasksTest {

    private static final String SMT_JAR = "file:/fluxgate/plugins/smt.jar";
    private static final String CONVERTER_JAR = "file:/fluxgate/plugins/converters.jar";

    @TempDir
    Path dir;
    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins()
            .withLocation(InsertHeader.class, SMT_JAR).withLocation(StringConverter.class, CONVERTER_JAR);
    private StandaloneHerder herder;

    @BeforeEach
    void start() throws Exception {
        herder = TestHerders.start(registry, TestHerders.settings(dir.resolve("offsets")));
        Files.writeString(dir.resolve("input.txt"), "a line\n");
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "FileStreamSource");
        config.put("file", dir.resolve("input.txt").toString());
        config.put("topic", "plugins-used-by-tasks");
        config.put("value.converter", "StringConverter");
        config.put("transforms", "tag");
        config.put("transforms.tag.type", "InsertHeader");
        config.put("transforms.tag.header", "tagged");
        config.put("transforms.tag.value.literal", "yes");
        herder.putConnectorConfig("uses-plugins", config, TargetState.STARTED, false).toCompletableFuture().get();
        awaitState(State.RUNNING);
    }

    @AfterEach
    void stop() {
        herder.close();
    }

    @Test
    void anUpdateOfATransformationsPluginRestartsTheConnector() {
        herder.pluginsChanged(event(PluginEvent.Type.UPDATING, SMT_JAR, InsertHeader.class));
        // UPDATING returns once what used the old classes is stopped.
        assertEquals(State.RESTARTING, herder.connectorStatus("uses-plugins").connector().state());
        assertTrue(herder.connectorStatus("uses-plugins").tasks().isEmpty(), "its task is stopped");

        herder.pluginsChanged(event(PluginEvent.Type.UPDATED, SMT_JAR, InsertHeader.class));
        awaitState(State.RUNNING);
    }

    @Test
    void theRemovalOfATransformationsPluginFailsTheConnectorUntilItIsBack() {
        registry.remove(InsertHeader.class);
        herder.pluginsChanged(event(PluginEvent.Type.REMOVED, SMT_JAR, InsertHeader.class));
        assertFailedNaming(SMT_JAR, InsertHeader.class.getName());

        registry.withLocation(InsertHeader.class, SMT_JAR);
        herder.pluginsChanged(event(PluginEvent.Type.INSTALLED, SMT_JAR, InsertHeader.class));
        awaitState(State.RUNNING);
    }

    @Test
    void theRemovalOfAConvertersPluginFailsTheConnectorUntilItIsBack() {
        registry.remove(StringConverter.class);
        herder.pluginsChanged(event(PluginEvent.Type.REMOVED, CONVERTER_JAR, StringConverter.class));
        assertFailedNaming(CONVERTER_JAR, StringConverter.class.getName());

        registry.withLocation(StringConverter.class, CONVERTER_JAR);
        herder.pluginsChanged(event(PluginEvent.Type.INSTALLED, CONVERTER_JAR, StringConverter.class));
        awaitState(State.RUNNING);
    }

    @Test
    void otherPluginsComingAndGoingLeaveItRunning() {
        herder.pluginsChanged(event(PluginEvent.Type.REMOVED, "file:/fluxgate/plugins/other.jar",
                InsertHeader.class));
        ConnectorStateInfo status = herder.connectorStatus("uses-plugins");
        assertEquals(State.RUNNING, status.connector().state());
        assertEquals(State.RUNNING, status.tasks().get(0).state());
    }

    private void assertFailedNaming(String location, String className) {
        ConnectorStateInfo status = herder.connectorStatus("uses-plugins");
        assertEquals(State.FAILED, status.connector().state(), String.valueOf(status.connector().trace()));
        for (InstanceState state : List.of(status.connector(), status.tasks().get(0))) {
            assertEquals(State.FAILED, state.state());
            assertTrue(state.trace().contains("The plugin providing " + className + " was removed (" + location
                    + ")"), state.trace());
        }
    }

    private void awaitState(State state) {
        Await.until("uses-plugins and its task " + state, Duration.ofSeconds(30), () -> {
            ConnectorStateInfo status = herder.connectorStatus("uses-plugins");
            return status.connector().state() == state && status.tasks().size() == 1
                    && status.tasks().get(0).state() == state;
        });
    }

    private static PluginEvent event(PluginEvent.Type type, String location, Class<?> plugin) {
        PluginType kind = plugin == StringConverter.class ? PluginType.CONVERTER : PluginType.TRANSFORMATION;
        return new PluginEvent(type, location, List.of(new PluginDescriptor(plugin.getName(), kind, "1.0.0-test",
                location)), List.of());
    }
}
