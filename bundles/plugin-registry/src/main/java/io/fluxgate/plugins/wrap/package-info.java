/**
 * Plain plugin jars become bundles at deploy time: a FileInstall {@code ArtifactTransformer} recognises a jar that
 * declares Kafka Connect plugins and rewrites its manifest with bndlib so that the plugin is an isolated bundle that
 * takes Kafka's and slf4j's packages from the platform. Private: the bundle exports nothing.
 */
package io.fluxgate.plugins.wrap;
