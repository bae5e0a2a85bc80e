package io.fluxgate.cluster.protocol;

import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

/**
 * The schemas of Kafka Connect's group protocol, field for field as Apache's {@code ConnectProtocol} (version 0) and
 * {@code IncrementalCooperativeConnectProtocol} (versions 1 and 2) declare them, written with Kafka's own protocol
 * types so that the bytes are the same. Every message starts with a header holding the version.
 */
final class ProtocolSchemas {

    static final String VERSION = "version";
    static final String URL = "url";
    static final String CONFIG_OFFSET = "config-offset";
    static final String CONNECTOR = "connector";
    static final String LEADER = "leader";
    static final String LEADER_URL = "leader-url";
    static final String ERROR = "error";
    static final String TASKS = "tasks";
    static final String ASSIGNMENT = "assignment";
    static final String ALLOCATION = "allocation";
    static final String REVOKED = "revoked";
    static final String DELAY = "delay";

    /** The task id that stands for the Connector instance itself in a connector's list of tasks. */
    static final int CONNECTOR_TASK = -1;

    /** Newer versions only add fields, so readers accept any version from 0 and ignore what they do not know. */
    static final boolean TOLERATE_MISSING_FIELDS = true;

    static final Schema HEADER = new Schema(new Field(VERSION, Type.INT16));

    /** A member's REST URL and the config offset it has read: metadata of every version. */
    static final Schema CONFIG_STATE = new Schema(
            new Field(URL, Type.STRING),
            new Field(CONFIG_OFFSET, Type.INT64));

    /** Versions 1 and 2 append the member's current assignment, serialized, or null before it has one. */
    static final Schema ALLOCATION_V1 = new Schema(TOLERATE_MISSING_FIELDS,
            new Field(ALLOCATION, Type.NULLABLE_BYTES, null, true, null));

    static final Schema CONNECTOR_ASSIGNMENT = new Schema(
            new Field(CONNECTOR, Type.STRING),
            new Field(TASKS, new ArrayOf(Type.INT32)));

    static final Schema ASSIGNMENT_V0 = new Schema(
            new Field(ERROR, Type.INT16),
            new Field(LEADER, Type.STRING),
            new Field(LEADER_URL, Type.STRING),
            new Field(CONFIG_OFFSET, Type.INT64),
            new Field(ASSIGNMENT, new ArrayOf(CONNECTOR_ASSIGNMENT)));

    static final Schema ASSIGNMENT_V1 = new Schema(TOLERATE_MISSING_FIELDS,
            new Field(ERROR, Type.INT16),
            new Field(LEADER, Type.STRING),
            new Field(LEADER_URL, Type.STRING),
            new Field(CONFIG_OFFSET, Type.INT64),
            new Field(ASSIGNMENT, ArrayOf.nullable(CONNECTOR_ASSIGNMENT), null, true, null),
            new Field(REVOKED, ArrayOf.nullable(CONNECTOR_ASSIGNMENT), null, true, null),
            new Field(DELAY, Type.INT32, null, 0));

    private ProtocolSchemas() {
    }

    static Struct header(short version) {
        return new Struct(HEADER).set(VERSION, version);
    }
}
