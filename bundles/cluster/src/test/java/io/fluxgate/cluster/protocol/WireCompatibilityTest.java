package io.fluxgate.cluster.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.connect.runtime.distributed.ConnectProtocol;
import org.apache.kafka.connect.runtime.distributed.ExtendedAssignment;
import org.apache.kafka.connect.runtime.distributed.ExtendedWorkerState;
import org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeConnectProtocol;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.GroupProtocol;

/**
 * The group protocol's bytes against Apache Kafka Connect 4.3.1's own classes ({@code ConnectProtocol},
 * {@code IncrementalCooperativeConnectProtocol}): equal inputs give equal bytes, and each side reads what the other
 * wrote, in every version.
 */
class WireCompatibilityTest {

    private static final String URL = "http://worker-1:8083/";

    @Test
    void eagerMetadataIsApachesByteForByte() {
        WorkerMetadata metadata = new WorkerMetadata(URL, 42L, null);
        assertBytes(ConnectProtocol.serializeMetadata(new ConnectProtocol.WorkerState(URL, 42L)),
                MetadataCodec.serialize(metadata, GroupProtocol.EAGER));
    }

    @Test
    void incrementalMetadataWithoutAllocationIsApaches() {
        WorkerMetadata metadata = new WorkerMetadata(URL, -1L, null);
        for (boolean sessioned : new boolean[] {false, true}) {
            assertBytes(IncrementalCooperativeConnectProtocol.serializeMetadata(
                            new ExtendedWorkerState(URL, -1L, null), sessioned),
                    MetadataCodec.serialize(metadata, sessioned ? GroupProtocol.SESSIONED : GroupProtocol.COMPATIBLE));
        }
    }

    @Test
    void incrementalMetadataWithAllocationIsApaches() {
        Assignment owned = assignment(List.of("sink", "source"), List.of(task("sink", 0), task("source", 2),
                task("sink", 3)), List.of("gone"), List.of(task("gone", 0)), 1500);
        for (boolean sessioned : new boolean[] {false, true}) {
            GroupProtocol protocol = sessioned ? GroupProtocol.SESSIONED : GroupProtocol.COMPATIBLE;
            ByteBuffer apache = IncrementalCooperativeConnectProtocol.serializeMetadata(
                    new ExtendedWorkerState(URL, 7L, apache(owned, protocol)), sessioned);
            assertBytes(apache, MetadataCodec.serialize(new WorkerMetadata(URL, 7L, owned), protocol));

            WorkerMetadata read = MetadataCodec.deserialize(apache.duplicate());
            ExtendedWorkerState apacheRead = IncrementalCooperativeConnectProtocol.deserializeMetadata(
                    apache.duplicate());
            assertEquals(URL, read.url());
            assertEquals(7L, read.configOffset());
            // Read back grouped per connector, as Apache reads it.
            assertEquals(fromApache(apacheRead.assignment()), read.allocation());
        }
    }

    @Test
    void joinProtocolsAreOfferedAsApacheOffersThem() {
        Assignment owned = assignment(List.of("a"), List.of(task("a", 0)), List.of(), List.of(), 0);
        WorkerMetadata metadata = new WorkerMetadata(URL, 3L, owned);
        ExtendedWorkerState state = new ExtendedWorkerState(URL, 3L, apache(owned, GroupProtocol.SESSIONED));

        assertProtocols(IncrementalCooperativeConnectProtocol.metadataRequest(state, true),
                MetadataCodec.joinProtocols(metadata, GroupProtocol.SESSIONED));
        assertProtocols(IncrementalCooperativeConnectProtocol.metadataRequest(state, false),
                MetadataCodec.joinProtocols(metadata, GroupProtocol.COMPATIBLE));
        assertProtocols(ConnectProtocol.metadataRequest(state),
                MetadataCodec.joinProtocols(metadata, GroupProtocol.EAGER));
    }

    @Test
    void apacheReadsFluxgateMetadataOfEveryVersion() {
        Assignment owned = assignment(List.of("c1"), List.of(task("c1", 0), task("c1", 1)), List.of(), List.of(), 0);
        for (GroupProtocol protocol : GroupProtocol.values()) {
            ExtendedWorkerState read = IncrementalCooperativeConnectProtocol.deserializeMetadata(
                    MetadataCodec.serialize(new WorkerMetadata(URL, 11L, owned), protocol));
            assertEquals(URL, read.url());
            assertEquals(11L, read.offset());
            if (protocol == GroupProtocol.EAGER) {
                assertEquals(ExtendedAssignment.empty(), read.assignment());
            } else {
                assertEquals(List.of("c1"), List.copyOf(read.assignment().connectors()));
                assertEquals(2, read.assignment().tasks().size());
            }
        }
    }

    @Test
    void eagerAssignmentIsApachesByteForByte() {
        Assignment assignment = assignment(List.of("c2", "c1"), List.of(task("c1", 0), task("c3", 1)), List.of(),
                List.of(), 0);
        ByteBuffer apache = ConnectProtocol.serializeAssignment(new ConnectProtocol.Assignment(assignment.error(),
                assignment.leaderId(), assignment.leaderUrl(), assignment.configOffset(), assignment.connectors(),
                apacheTasks(assignment.tasks())));
        assertBytes(apache, AssignmentCodec.serialize(assignment, GroupProtocol.EAGER));
        assertEquals(fromApache(IncrementalCooperativeConnectProtocol.deserializeAssignment(apache.duplicate())),
                AssignmentCodec.deserialize(apache.duplicate()));
    }

    @Test
    void configMismatchIsApaches() {
        Assignment mismatch = new Assignment(Assignment.CONFIG_MISMATCH, "leader-1", URL, 99L, List.of(), List.of(),
                List.of(), List.of(), 0);
        for (GroupProtocol protocol : List.of(GroupProtocol.COMPATIBLE, GroupProtocol.SESSIONED)) {
            ByteBuffer apache = IncrementalCooperativeConnectProtocol.serializeAssignment(apache(mismatch, protocol),
                    protocol == GroupProtocol.SESSIONED);
            assertBytes(apache, AssignmentCodec.serialize(mismatch, protocol));
            Assignment read = AssignmentCodec.deserialize(apache.duplicate());
            assertEquals(mismatch, read);
            assertEquals(true, read.failed());
        }
    }

    @Test
    void randomAssignmentsAreApachesByteForByteBothWays() {
        Random random = new Random(415);
        for (int round = 0; round < 300; round++) {
            Assignment assignment = randomAssignment(random);
            for (GroupProtocol protocol : GroupProtocol.values()) {
                ByteBuffer ours = AssignmentCodec.serialize(assignment, protocol);
                ByteBuffer theirs = protocol == GroupProtocol.EAGER
                        ? ConnectProtocol.serializeAssignment(new ConnectProtocol.Assignment(assignment.error(),
                                assignment.leaderId(), assignment.leaderUrl(), assignment.configOffset(),
                                assignment.connectors(), apacheTasks(assignment.tasks())))
                        : IncrementalCooperativeConnectProtocol.serializeAssignment(apache(assignment, protocol),
                                protocol == GroupProtocol.SESSIONED);
                assertBytes(theirs, ours);

                ExtendedAssignment apacheRead = IncrementalCooperativeConnectProtocol.deserializeAssignment(
                        ours.duplicate());
                assertEquals(protocol.version(), apacheRead.version());
                assertEquals(AssignmentCodec.deserialize(theirs.duplicate()), fromApache(apacheRead));
            }
        }
    }

    @Test
    void laterVersionsAreReadAsApacheReadsThem() {
        // A newer worker may add fields after the known ones and raise the version: both sides read what they know.
        Assignment assignment = assignment(List.of("x"), List.of(task("x", 0)), List.of(), List.of(), 0);
        ByteBuffer v2 = AssignmentCodec.serialize(assignment, GroupProtocol.SESSIONED);
        ByteBuffer v3 = ByteBuffer.allocate(v2.remaining() + 4);
        v3.putShort((short) 3).put(v2.duplicate().position(2)).putInt(12345).flip();
        assertEquals(assignment, AssignmentCodec.deserialize(v3.duplicate()));
        assertEquals(List.of("x"), List.copyOf(
                IncrementalCooperativeConnectProtocol.deserializeAssignment(v3.duplicate()).connectors()));
        assertNull(MetadataCodec.deserialize(IncrementalCooperativeConnectProtocol.serializeMetadata(
                new ExtendedWorkerState(URL, 1L, null), true)).allocation());
    }

    private static Assignment randomAssignment(Random random) {
        List<String> connectors = new ArrayList<>();
        List<ConnectorTaskId> tasks = new ArrayList<>();
        List<String> revokedConnectors = new ArrayList<>();
        List<ConnectorTaskId> revokedTasks = new ArrayList<>();
        int connectorCount = random.nextInt(40);
        for (int c = 0; c < connectorCount; c++) {
            // Names of every shape, some non-ASCII, to exercise string encoding and hash order.
            String name = "conn-" + Integer.toString(random.nextInt(100_000), 36) + (random.nextInt(5) == 0
                    ? "-\u00e9\u6f22" : "");
            if (random.nextBoolean()) {
                connectors.add(name);
            }
            for (int t = random.nextInt(6); t > 0; t--) {
                tasks.add(task(name, random.nextInt(50)));
            }
            if (random.nextInt(4) == 0) {
                revokedConnectors.add(name);
            }
            if (random.nextInt(4) == 0) {
                revokedTasks.add(task(name, random.nextInt(50)));
            }
        }
        short error = random.nextInt(10) == 0 ? Assignment.CONFIG_MISMATCH : Assignment.NO_ERROR;
        return new Assignment(error, "member-" + random.nextInt(1000), "http://w" + random.nextInt(9) + ":8083/",
                random.nextLong() >>> 20, connectors, tasks, revokedConnectors, revokedTasks, random.nextInt(300_000));
    }

    private static Assignment assignment(List<String> connectors, List<ConnectorTaskId> tasks,
            List<String> revokedConnectors, List<ConnectorTaskId> revokedTasks, int delay) {
        return new Assignment(Assignment.NO_ERROR, "leader-1", URL, 5L, connectors, tasks, revokedConnectors,
                revokedTasks, delay);
    }

    private static ConnectorTaskId task(String connector, int task) {
        return new ConnectorTaskId(connector, task);
    }

    private static ExtendedAssignment apache(Assignment a, GroupProtocol protocol) {
        return new ExtendedAssignment(protocol.version(), a.error(), a.leaderId(), a.leaderUrl(), a.configOffset(),
                new ArrayList<>(a.connectors()), apacheTasks(a.tasks()), new ArrayList<>(a.revokedConnectors()),
                apacheTasks(a.revokedTasks()), a.delayMs());
    }

    private static List<org.apache.kafka.connect.util.ConnectorTaskId> apacheTasks(List<ConnectorTaskId> tasks) {
        List<org.apache.kafka.connect.util.ConnectorTaskId> result = new ArrayList<>();
        tasks.forEach(t -> result.add(new org.apache.kafka.connect.util.ConnectorTaskId(t.connector(), t.task())));
        return result;
    }

    private static Assignment fromApache(ExtendedAssignment a) {
        return new Assignment(a.error(), a.leader(), a.leaderUrl(), a.offset(), List.copyOf(a.connectors()),
                a.tasks().stream().map(t -> task(t.connector(), t.task())).toList(),
                List.copyOf(a.revokedConnectors()),
                a.revokedTasks().stream().map(t -> task(t.connector(), t.task())).toList(), a.delay());
    }

    private static void assertProtocols(JoinGroupRequestProtocolCollection expected,
            JoinGroupRequestProtocolCollection actual) {
        assertEquals(expected.size(), actual.size());
        Iterator<JoinGroupRequestProtocol> e = expected.iterator();
        Iterator<JoinGroupRequestProtocol> a = actual.iterator();
        while (e.hasNext()) {
            JoinGroupRequestProtocol want = e.next();
            JoinGroupRequestProtocol got = a.next();
            assertEquals(want.name(), got.name());
            assertArrayEquals(want.metadata(), got.metadata(), want.name());
        }
    }

    private static void assertBytes(ByteBuffer expected, ByteBuffer actual) {
        assertArrayEquals(bytes(expected), bytes(actual));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
