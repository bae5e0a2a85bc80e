package io.fluxgate.runtime.worker;

import java.util.List;
import java.util.Objects;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.isolation.LoaderSwap;
import io.fluxgate.runtime.metrics.TaskMetrics;
import io.fluxgate.runtime.metrics.TaskPluginInfo;
import io.fluxgate.runtime.metrics.WorkerMetrics;
import io.fluxgate.runtime.task.RecordConversion;
import io.fluxgate.runtime.transforms.TransformationStage;

/** What a task being assembled is made of, as its {@code connector-task-metrics} publish it. */
record TaskInfo(ConnectorTaskId id, Class<? extends Connector> connectorClass, String connectorVersion, Task task,
        RecordConversion conversion, TaskPlugins plugins, TargetState initialState) {

    /** The task's metrics, added to {@code created} so that a failed assembly removes them. */
    <R extends ConnectRecord<R>> TaskMetrics metrics(WorkerMetrics metrics, List<TransformationStage<R>> stages,
            List<AutoCloseable> created) {
        TaskMetrics taskMetrics = new TaskMetrics(metrics, id, pluginInfo(stages),
                initialState == TargetState.PAUSED);
        created.add(taskMetrics);
        return taskMetrics;
    }

    private <R extends ConnectRecord<R>> TaskPluginInfo pluginInfo(List<TransformationStage<R>> stages) {
        Class<?> key = conversion.keyConverter().getClass();
        Class<?> value = conversion.valueConverter().getClass();
        Class<?> header = conversion.headerConverter().getClass();
        return new TaskPluginInfo(connectorClass.getName(), connectorVersion,
                SinkConnector.class.isAssignableFrom(connectorClass) ? "sink" : "source", task.getClass().getName(),
                taskVersion(), key.getName(), plugins.version(key), value.getName(), plugins.version(value),
                header.getName(), plugins.version(header),
                stages.stream().map(TransformationStage::transformationInfo).filter(Objects::nonNull).toList(),
                stages.stream().map(TransformationStage::predicateInfo).filter(Objects::nonNull).distinct().toList());
    }

    /** The task's own version(), as Kafka Connect reports it; a plugin that throws there has none. */
    private String taskVersion() {
        try (LoaderSwap swap = LoaderSwap.to(task.getClass().getClassLoader())) {
            return task.version();
        } catch (RuntimeException | LinkageError e) {
            return "undefined";
        }
    }
}
