/**
 * Deploying what users drop into plugins/ (and plugin.path): a FileInstall {@code ArtifactTransformer} stores each
 * plugin jar or directory in the content store and installs a bundle that stands for it (a manifest naming the
 * content), so that the framework gives the plugin its lifecycle while its classes load as Apache Kafka Connect loads
 * them. Private: the bundle exports nothing.
 */
package io.fluxgate.plugins.deploy;
