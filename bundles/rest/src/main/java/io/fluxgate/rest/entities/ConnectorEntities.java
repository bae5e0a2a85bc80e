package io.fluxgate.rest.entities;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.TaskInfo;

/**
 * The JSON shapes of Kafka Connect's connector entities, field for field, built from the herder's records. Kept
 * apart from the API records so that the wire format is declared in one place, next to the REST resources.
 */
public final class ConnectorEntities {

    private ConnectorEntities() {
    }

    /** {@code {"connector":"c","task":0}} */
    public record TaskId(@JsonProperty("connector") String connector, @JsonProperty("task") int task) {
        static TaskId of(ConnectorTaskId id) {
            return new TaskId(id.connector(), id.task());
        }
    }

    /** ConnectorInfo: {@code {"name","config","tasks","type"}} */
    public record Info(@JsonProperty("name") String name, @JsonProperty("config") Map<String, String> config,
            @JsonProperty("tasks") List<TaskId> tasks, @JsonProperty("type") String type) {
        public static Info of(ConnectorInfo info) {
            return new Info(info.name(), info.config(), info.tasks().stream().map(TaskId::of).toList(),
                    info.type().restName());
        }
    }

    /** TaskInfo: {@code {"id":{..},"config":{..}}} */
    public record Task(@JsonProperty("id") TaskId id, @JsonProperty("config") Map<String, String> config) {
        public static Task of(TaskInfo task) {
            return new Task(TaskId.of(task.id()), task.config());
        }
    }

    /** The connector part of ConnectorStateInfo; {@code trace} and {@code version} only when known. */
    public record ConnectorState(@JsonProperty("state") String state, @JsonProperty("worker_id") String workerId,
            @JsonProperty("trace") @JsonInclude(JsonInclude.Include.NON_NULL) String trace,
            @JsonProperty("version") @JsonInclude(JsonInclude.Include.NON_NULL) String version) {
        static ConnectorState of(InstanceState state) {
            return new ConnectorState(state.state().name(), state.workerId(), emptyToNull(state.trace()),
                    state.version());
        }
    }

    /** One task of ConnectorStateInfo, and the body of {@code GET /connectors/{c}/tasks/{t}/status}. */
    public record TaskState(@JsonProperty("id") int id, @JsonProperty("state") String state,
            @JsonProperty("worker_id") String workerId,
            @JsonProperty("trace") @JsonInclude(JsonInclude.Include.NON_NULL) String trace,
            @JsonProperty("version") @JsonInclude(JsonInclude.Include.NON_NULL) String version) {
        public static TaskState of(int id, InstanceState state) {
            return new TaskState(id, state.state().name(), state.workerId(), emptyToNull(state.trace()),
                    state.version());
        }
    }

    /** ConnectorStateInfo: {@code {"name","connector":{..},"tasks":[..],"type"}} */
    public record Status(@JsonProperty("name") String name, @JsonProperty("connector") ConnectorState connector,
            @JsonProperty("tasks") List<TaskState> tasks, @JsonProperty("type") String type) {
        public static Status of(ConnectorStateInfo status) {
            return new Status(status.name(), ConnectorState.of(status.connector()),
                    status.taskIds().stream().map(id -> TaskState.of(id, status.tasks().get(id))).toList(),
                    status.type().restName());
        }
    }

    /** The body of {@code POST /connectors}. */
    public record CreateRequest(@JsonProperty("name") String name, @JsonProperty("config") Map<String, String> config,
            @JsonProperty("initial_state") String initialState) {
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
