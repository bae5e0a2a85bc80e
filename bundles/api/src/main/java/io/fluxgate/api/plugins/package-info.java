/**
 * The plugin registry: which Kafka Connect plugins are installed (connectors, converters, transformations...), in
 * which versions, under which names and aliases, and how to load them from their isolated bundles; what was delivered
 * but rejected ({@link io.fluxgate.api.plugins.PluginProblem}); and, for the worker, the events of plugins installed,
 * updated and removed ({@link io.fluxgate.api.plugins.PluginListener}).
 *
 * <p>1.1: {@code PluginListener}, {@code PluginEvent}, {@code PluginProblem}, {@code PluginRegistry.problems()}.
 * 1.2: {@code PluginProblem.Kind.NO_MANIFESTS}. 1.3: {@code PluginProblem.Kind.MISSING_DEPENDENCIES}.
 */
@Export
@Version("1.3.0")
package io.fluxgate.api.plugins;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
