/**
 * The plugin registry: which Kafka Connect plugins are installed (connectors, converters, transformations...), in
 * which versions, under which names and aliases, and how to load them from their isolated bundles.
 */
@Export
@Version("1.0.0")
package io.fluxgate.api.plugins;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
