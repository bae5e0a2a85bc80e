package io.fluxgate.plugins.registry;

import io.fluxgate.api.plugins.PluginType;

/**
 * A plugin class a source declares (or a scan found) that cannot be used, with the reason in Kafka Connect's words.
 *
 * @param className the class
 * @param type      the kind of plugin it was to be
 * @param reason    why it was left out
 */
record ClassFailure(String className, PluginType type, String reason) {
}
