/**
 * What the three stores share: a compacted topic read from its beginning and followed ({@link
 * io.fluxgate.storage.kafka.TopicLog}), the creation and checks of the internal topics, the clients' settings and the
 * internal JSON converter.
 */
package io.fluxgate.storage.kafka;
