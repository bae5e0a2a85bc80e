package io.fluxgate.testplugins.scanned;

import org.apache.kafka.connect.json.JsonConverter;

/**
 * A converter and header converter through a platform class it extends (Kafka's JsonConverter): the scan follows the
 * hierarchy out of the jar into the platform.
 */
public class ExtendedJsonConverter extends JsonConverter {
}
