package io.fluxgate.cluster.protocol;

import static io.fluxgate.cluster.protocol.ProtocolSchemas.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.protocol.types.Struct;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.GroupProtocol;

/**
 * Assignments on the wire, as Apache's {@code ConnectProtocol.serializeAssignment} (version 0) and
 * {@code IncrementalCooperativeConnectProtocol.serializeAssignment} (versions 1 and 2) write and read them. Connectors
 * and tasks are grouped per connector in the order Apache groups them, so equal assignments give equal bytes.
 */
public final class AssignmentCodec {

    private AssignmentCodec() {
    }

    /** The assignment as the leader sends it to a member in the given protocol. */
    public static ByteBuffer serialize(Assignment assignment, GroupProtocol protocol) {
        return protocol == GroupProtocol.EAGER ? serializeV0(assignment) : serializeV1(assignment, protocol);
    }

    private static ByteBuffer serializeV0(Assignment assignment) {
        Struct struct = new Struct(ASSIGNMENT_V0)
                .set(ERROR, assignment.error())
                .set(LEADER, assignment.leaderId())
                .set(LEADER_URL, assignment.leaderUrl())
                .set(CONFIG_OFFSET, assignment.configOffset())
                .set(ASSIGNMENT, structs(assigned(assignment)));
        return write(header(GroupProtocol.EAGER.version()), ASSIGNMENT_V0.sizeOf(struct), struct, true);
    }

    private static ByteBuffer serializeV1(Assignment assignment, GroupProtocol protocol) {
        Struct struct = new Struct(ASSIGNMENT_V1)
                .set(ERROR, assignment.error())
                .set(LEADER, assignment.leaderId())
                .set(LEADER_URL, assignment.leaderUrl())
                .set(CONFIG_OFFSET, assignment.configOffset())
                .set(ASSIGNMENT, structs(assigned(assignment)))
                .set(REVOKED, structs(revoked(assignment)))
                .set(DELAY, assignment.delayMs());
        return write(header(protocol.version()), ASSIGNMENT_V1.sizeOf(struct), struct, false);
    }

    private static ByteBuffer write(Struct header, int bodySize, Struct body, boolean v0) {
        ByteBuffer buffer = ByteBuffer.allocate(header.sizeOf() + bodySize);
        header.writeTo(buffer);
        (v0 ? ASSIGNMENT_V0 : ASSIGNMENT_V1).write(buffer, body);
        buffer.flip();
        return buffer;
    }

    /** Reads an assignment of any version; a version 0 assignment has nothing revoked and no delay. */
    public static Assignment deserialize(ByteBuffer buffer) {
        short version = HEADER.read(buffer).getShort(VERSION);
        if (version < GroupProtocol.EAGER.version()) {
            throw new SchemaException("Unsupported subscription version: " + version);
        }
        Struct struct = ASSIGNMENT_V1.read(buffer);
        Object[] assigned = struct.getArray(ASSIGNMENT);
        Object[] revoked = struct.getArray(REVOKED);
        return new Assignment(struct.getShort(ERROR), struct.getString(LEADER), struct.getString(LEADER_URL),
                struct.getLong(CONFIG_OFFSET), connectors(assigned), tasks(assigned), connectors(revoked),
                tasks(revoked), struct.getInt(DELAY));
    }

    /**
     * Apache's {@code Assignment.asMap()}: connectors first, in the order of a {@link HashSet} of them (which also
     * drops duplicates), then the tasks in their order, each under its connector.
     */
    private static Map<String, List<Integer>> assigned(Assignment assignment) {
        Map<String, List<Integer>> byConnector = new LinkedHashMap<>();
        for (String connector : new HashSet<>(assignment.connectors())) {
            byConnector.computeIfAbsent(connector, c -> new ArrayList<>()).add(CONNECTOR_TASK);
        }
        addTasks(byConnector, assignment.tasks());
        return byConnector;
    }

    /** Apache's {@code ExtendedAssignment.revokedAsMap()}: as {@link #assigned} but connectors in their order. */
    private static Map<String, List<Integer>> revoked(Assignment assignment) {
        Map<String, List<Integer>> byConnector = new LinkedHashMap<>();
        assignment.revokedConnectors().stream().distinct()
                .forEachOrdered(connector -> byConnector.computeIfAbsent(connector, c -> new ArrayList<>())
                        .add(CONNECTOR_TASK));
        addTasks(byConnector, assignment.revokedTasks());
        return byConnector;
    }

    private static void addTasks(Map<String, List<Integer>> byConnector, Collection<ConnectorTaskId> tasks) {
        for (ConnectorTaskId task : tasks) {
            byConnector.computeIfAbsent(task.connector(), c -> new ArrayList<>()).add(task.task());
        }
    }

    private static Object[] structs(Map<String, List<Integer>> byConnector) {
        List<Struct> structs = new ArrayList<>();
        byConnector.forEach((connector, tasks) -> structs.add(new Struct(CONNECTOR_ASSIGNMENT)
                .set(CONNECTOR, connector)
                .set(TASKS, tasks.toArray())));
        return structs.toArray();
    }

    private static List<String> connectors(Object[] entries) {
        List<String> connectors = new ArrayList<>();
        if (entries != null) {
            for (Object entry : entries) {
                Struct struct = (Struct) entry;
                for (Object task : struct.getArray(TASKS)) {
                    if ((Integer) task == CONNECTOR_TASK) {
                        connectors.add(struct.getString(CONNECTOR));
                    }
                }
            }
        }
        return connectors;
    }

    private static List<ConnectorTaskId> tasks(Object[] entries) {
        List<ConnectorTaskId> tasks = new ArrayList<>();
        if (entries != null) {
            for (Object entry : entries) {
                Struct struct = (Struct) entry;
                for (Object task : struct.getArray(TASKS)) {
                    if ((Integer) task != CONNECTOR_TASK) {
                        tasks.add(new ConnectorTaskId(struct.getString(CONNECTOR), (Integer) task));
                    }
                }
            }
        }
        return tasks;
    }
}
