/**
 * Source offsets in Kafka Connect's own formats: serialized keys and values, the offsets file of standalone mode, and
 * the writer and reader tasks use.
 */
package io.fluxgate.runtime.storage;
