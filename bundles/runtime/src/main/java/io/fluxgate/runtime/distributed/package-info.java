/**
 * Distributed mode's herder: workers sharing a {@code group.id} form one cluster on Kafka's group coordinator (the
 * cluster bundle's {@code GroupMember}), keep configurations, statuses and offsets in Kafka topics (the storage
 * bundle), and run what the leader assigns them. Its thread ({@code HerderLoop}) polls the group and applies changes;
 * the leader alone writes configurations; a worker that the group may have replaced writes nothing.
 */
package io.fluxgate.runtime.distributed;
