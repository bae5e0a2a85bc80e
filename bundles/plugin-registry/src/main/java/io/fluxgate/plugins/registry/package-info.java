/**
 * The plugin registry: a {@link org.osgi.util.tracker.BundleTracker} finds the plugins of every bundle (and of the
 * platform, through the system bundle) in their KIP-898 manifests, and an index answers by class name or alias, and
 * by version range, as Kafka Connect's {@code DelegatingClassLoader} does. Private: the bundle exports nothing; the
 * service is {@link io.fluxgate.api.plugins.PluginRegistry}.
 */
package io.fluxgate.plugins.registry;
