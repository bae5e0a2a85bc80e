package io.fluxgate.cluster.protocol;

import static io.fluxgate.cluster.protocol.ProtocolSchemas.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.protocol.types.Struct;

import io.fluxgate.cluster.GroupProtocol;

/**
 * Member metadata on the wire, as Apache's {@code ConnectProtocol.serializeMetadata} (version 0) and
 * {@code IncrementalCooperativeConnectProtocol.serializeMetadata} (versions 1 and 2) write and read it, and the list
 * of sub-protocols a member offers when it joins.
 */
public final class MetadataCodec {

    private MetadataCodec() {
    }

    /**
     * The sub-protocols offered in a JoinGroup request, most preferred first: the configured one and every older one,
     * each with its own metadata, so that the coordinator can settle on what all members speak.
     */
    public static JoinGroupRequestProtocolCollection joinProtocols(WorkerMetadata metadata,
            GroupProtocol configured) {
        List<JoinGroupRequestProtocol> protocols = new ArrayList<>();
        for (int version = configured.version(); version >= 0; version--) {
            GroupProtocol protocol = GroupProtocol.values()[version];
            protocols.add(new JoinGroupRequestProtocol()
                    .setName(protocol.wireName())
                    .setMetadata(serialize(metadata, protocol).array()));
        }
        return new JoinGroupRequestProtocolCollection(protocols.iterator());
    }

    /** The metadata in the given sub-protocol. */
    public static ByteBuffer serialize(WorkerMetadata metadata, GroupProtocol protocol) {
        Struct header = header(protocol.version());
        Struct configState = new Struct(CONFIG_STATE)
                .set(URL, metadata.url())
                .set(CONFIG_OFFSET, metadata.configOffset());
        if (protocol == GroupProtocol.EAGER) {
            ByteBuffer buffer = ByteBuffer.allocate(header.sizeOf() + CONFIG_STATE.sizeOf(configState));
            header.writeTo(buffer);
            CONFIG_STATE.write(buffer, configState);
            buffer.flip();
            return buffer;
        }
        // The allocation carries the same version header as the metadata around it, as in Apache.
        ByteBuffer allocationBytes = metadata.allocation() == null ? null
                : AssignmentCodec.serialize(metadata.allocation(), protocol);
        Struct allocation = new Struct(ALLOCATION_V1).set(ALLOCATION, allocationBytes);
        ByteBuffer buffer = ByteBuffer.allocate(header.sizeOf() + CONFIG_STATE.sizeOf(configState)
                + ALLOCATION_V1.sizeOf(allocation));
        header.writeTo(buffer);
        CONFIG_STATE.write(buffer, configState);
        ALLOCATION_V1.write(buffer, allocation);
        buffer.flip();
        return buffer;
    }

    /** Reads metadata of any version; version 0 has no allocation. */
    public static WorkerMetadata deserialize(ByteBuffer buffer) {
        short version = HEADER.read(buffer).getShort(VERSION);
        if (version < GroupProtocol.EAGER.version()) {
            throw new SchemaException("Unsupported subscription version: " + version);
        }
        Struct configState = CONFIG_STATE.read(buffer);
        Struct allocation = ALLOCATION_V1.read(buffer);
        ByteBuffer allocationBytes = allocation.getBytes(ALLOCATION);
        return new WorkerMetadata(configState.getString(URL), configState.getLong(CONFIG_OFFSET),
                allocationBytes == null ? null : AssignmentCodec.deserialize(allocationBytes));
    }
}
