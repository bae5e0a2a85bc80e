/**
 * What the plugin registry and the jar wrapper share: where Kafka Connect plugins declare themselves (KIP-898
 * ServiceLoader manifests) and which packages the platform shares with every plugin. Private: the bundle exports
 * nothing.
 */
package io.fluxgate.plugins;
