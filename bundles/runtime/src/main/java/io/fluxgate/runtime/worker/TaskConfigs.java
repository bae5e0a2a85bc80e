package io.fluxgate.runtime.worker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.ConnectorConfigDefs;

/** The task configurations a connector generated, checked and completed as Kafka Connect hands them to tasks. */
final class TaskConfigs {

    private TaskConfigs() {
    }

    /**
     * {@code generated}, each with {@code task.class} and, for sinks, the connector's {@code topics} or
     * {@code topics.regex}; refused when there are more than {@code tasks.max} and {@code tasks.max.enforce} holds.
     */
    static List<Map<String, String>> asHandedToTasks(String name, WorkerConnector connector, ConnectorConfig config,
            List<Map<String, String>> generated) {
        if (generated == null) {
            throw new ConnectException("Connector " + name + " returned null task configurations");
        }
        if (config.enforceTasksMax() && generated.size() > config.tasksMax()) {
            throw new ConnectException("The connector " + name + " has generated " + generated.size()
                    + " tasks, which is greater than " + config.tasksMax() + ", the maximum number of tasks it is "
                    + "configured to create. This behaviour should be considered a bug and is disallowed. If "
                    + "necessary, it can be permitted by reconfiguring the connector with 'tasks.max.enforce' set "
                    + "to false; however, this option will be removed in a future release of Kafka Connect.");
        }
        String taskClass = connector.connector().taskClass().getName();
        List<Map<String, String>> result = new ArrayList<>();
        for (Map<String, String> generatedConfig : generated) {
            Map<String, String> taskConfig = new HashMap<>(generatedConfig);
            taskConfig.put(TaskFactory.TASK_CLASS_CONFIG, taskClass);
            if (connector.isSink()) {
                if (!config.topics().isEmpty()) {
                    taskConfig.put(ConnectorConfigDefs.TOPICS, String.join(",", config.topics()));
                }
                if (config.topicsRegex() != null) {
                    taskConfig.put(ConnectorConfigDefs.TOPICS_REGEX, config.topicsRegex());
                }
            }
            result.add(taskConfig);
        }
        return result;
    }
}
