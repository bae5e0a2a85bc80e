/**
 * The config topic: its record format, the state its records build, and the store. With exactly-once source support
 * {@code preparing} or {@code enabled}, the leader's privileged writes go through {@code LeaderProducer}, a
 * transactional producer under Apache's {@code transactional.id} ({@code connect-cluster-<group.id>}), so that a
 * deposed leader, Fluxgate's or Apache's, can no longer write once another has claimed the topic.
 */
package io.fluxgate.storage.config;
