/** The offsets topic: source offsets stored as Kafka Connect serializes them. */
package io.fluxgate.storage.offsets;
