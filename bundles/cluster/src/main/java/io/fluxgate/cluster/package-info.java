/**
 * Distributed mode's group membership, for the distributed herder: a {@link io.fluxgate.cluster.GroupMember} joins
 * Kafka Connect's worker group through Kafka's group coordinator (the classic JoinGroup/SyncGroup protocol, protocol
 * type {@code connect}, Apache Kafka Connect's metadata and assignments byte for byte, so Fluxgate and Apache workers
 * can share a group), and the elected leader assigns connectors and tasks incrementally (KIP-415).
 *
 * <p>The herder gets members from the {@link io.fluxgate.cluster.GroupMemberFactory} service, drives each from its
 * own thread with {@link io.fluxgate.cluster.GroupMember#poll}, says what must run through a
 * {@link io.fluxgate.cluster.ConfiguredWork} supplier, and hears what to stop and start through its
 * {@link io.fluxgate.cluster.RebalanceListener}.
 */
@Export
@Version("1.1.0")
package io.fluxgate.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
