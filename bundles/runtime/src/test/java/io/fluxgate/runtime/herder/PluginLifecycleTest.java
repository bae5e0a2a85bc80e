package io.fluxgate.runtime.herder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginType;

/** The herder's reactions to plugin events, against a table of connectors and the plugin each one runs on. */
class PluginLifecycleTest {

    private static final String OLD = "file:plugins/connect-file-4.2.0.jar";
    private static final String NEW = "file:plugins/connect-file-4.3.1.jar";

    /** Connectors by name: the location they run on (null when not running), and what the herder did. */
    private final Map<String, String> runningOn = new HashMap<>();
    private final Set<String> stoppedByUser = new HashSet<>();
    private final Set<String> installed = new HashSet<>();
    private final List<String> actions = new ArrayList<>();

    private final PluginLifecycle lifecycle = new PluginLifecycle(new PluginLifecycle.Connectors() {
        @Override
        public Set<String> using(String location) {
            Set<String> using = new HashSet<>();
            runningOn.forEach((c, at) -> {
                if (location.equals(at)) {
                    using.add(c);
                }
            });
            return using;
        }

        @Override
        public boolean wantsToRun(String connector) {
            return runningOn.containsKey(connector) && !stoppedByUser.contains(connector);
        }

        @Override
        public boolean pluginInstalled(String connector) {
            return !installed.isEmpty();
        }

        @Override
        public void stop(String connector) {
            runningOn.put(connector, null);
            actions.add("stop " + connector);
        }

        @Override
        public void markRestarting(String connector) {
            actions.add("restarting " + connector);
        }

        @Override
        public void markFailed(String connector, Throwable reason) {
            actions.add("failed " + connector + ": " + reason.getMessage());
        }

        @Override
        public void start(String connector) {
            runningOn.put(connector, installed.iterator().next());
            actions.add("start " + connector + " on " + runningOn.get(connector));
        }
    });

    private static PluginEvent event(PluginEvent.Type type, String location) {
        return new PluginEvent(type, location, List.of(new PluginDescriptor(
                "org.apache.kafka.connect.file.FileStreamSourceConnector", PluginType.SOURCE, "4.3.1", location)),
                List.of());
    }

    @Test
    void anUpdateStopsThenStartsOnTheNewClasses() {
        installed.add(OLD);
        runningOn.put("a", OLD);
        runningOn.put("other", "file:plugins/elsewhere.jar");
        lifecycle.handle(event(PluginEvent.Type.UPDATING, OLD));
        lifecycle.handle(event(PluginEvent.Type.UPDATED, OLD));
        assertEquals(List.of("stop a", "restarting a", "start a on " + OLD), actions);
        assertEquals("file:plugins/elsewhere.jar", runningOn.get("other"), "others undisturbed");
    }

    @Test
    void aRemovalFailsUntilThePluginIsBack() {
        installed.add(OLD);
        runningOn.put("a", OLD);
        installed.remove(OLD);
        lifecycle.handle(event(PluginEvent.Type.REMOVED, OLD));
        assertEquals(2, actions.size());
        assertEquals("stop a", actions.get(0));
        assertEquals("failed a: The plugin providing org.apache.kafka.connect.file.FileStreamSourceConnector was "
                + "removed (" + OLD + "). The connector starts again by itself when the plugins it uses are "
                + "installed again.", actions.get(1));

        installed.add(NEW);
        lifecycle.handle(event(PluginEvent.Type.INSTALLED, NEW));
        assertEquals("start a on " + NEW, actions.get(2));
        lifecycle.handle(event(PluginEvent.Type.INSTALLED, NEW));
        assertEquals(3, actions.size(), "started once");
    }

    @Test
    void aRemovalWithAnotherVersionInstalledIsASwap() {
        installed.add(NEW);
        runningOn.put("a", OLD);
        lifecycle.handle(event(PluginEvent.Type.REMOVED, OLD));
        assertEquals(List.of("stop a", "start a on " + NEW), actions);
    }

    @Test
    void connectorsStoppedOrDeletedMeanwhileStayDown() {
        installed.add(OLD);
        runningOn.put("stopped", OLD);
        runningOn.put("deleted", OLD);
        installed.clear();
        lifecycle.handle(event(PluginEvent.Type.REMOVED, OLD));
        stoppedByUser.add("stopped");
        lifecycle.forget("deleted");
        runningOn.remove("deleted");
        installed.add(OLD);
        lifecycle.handle(event(PluginEvent.Type.INSTALLED, OLD));
        assertEquals(4, actions.size(), actions.toString()); // two stops, two failures, no start
    }
}
