package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginType;

/** A connector uses a plugin through its instance, or through anything one of its tasks loaded from it. */
class PluginUsageTest {

    private static final PluginDescriptor SOURCE = new PluginDescriptor("a.Source", PluginType.SOURCE, "2.0.0",
            "file:/plugins/source.jar");
    private final PluginUsage usage = new PluginUsage();

    @Test
    void throughTheInstanceOrAnyTaskPlugin() {
        usage.connectorStarted("a", SOURCE);
        usage.taskStarted(new ConnectorTaskId("a", 0), SOURCE, Set.of("file:/plugins/source.jar",
                "file:/plugins/smt.jar"));
        usage.taskStarted(new ConnectorTaskId("b", 0), SOURCE, Set.of("file:/plugins/source.jar",
                "file:/plugins/converter.jar"));

        assertEquals(Set.of("a", "b"), usage.connectorsUsing("file:/plugins/source.jar"));
        assertEquals(Set.of("a"), usage.connectorsUsing("file:/plugins/smt.jar"));
        assertEquals(Set.of("b"), usage.connectorsUsing("file:/plugins/converter.jar"));
        assertEquals(Set.of(), usage.connectorsUsing("platform"));
    }

    @Test
    void onlyWhileRunning() {
        ConnectorTaskId task = new ConnectorTaskId("a", 0);
        usage.connectorStarted("a", SOURCE);
        usage.taskStarted(task, SOURCE, Set.of("file:/plugins/smt.jar"));
        assertEquals(Optional.of("2.0.0"), usage.connectorVersion("a"));
        assertEquals(Optional.of("2.0.0"), usage.taskVersion(task));

        usage.connectorStopped("a");
        usage.taskStopped(task);
        assertEquals(Set.of(), usage.connectorsUsing("file:/plugins/smt.jar"));
        assertEquals(Optional.empty(), usage.connectorVersion("a"));
        assertEquals(Optional.empty(), usage.taskVersion(task));
    }
}
