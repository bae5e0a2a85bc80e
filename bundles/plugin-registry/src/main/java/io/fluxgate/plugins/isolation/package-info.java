/**
 * Plugin isolation as Apache Kafka Connect 4.3.1 defines it ({@code runtime/isolation}): each plugin's class loader
 * decides per class name between the plugin's archives and the worker class path, with Kafka's own rule; see
 * docs/plugin-class-loading.md. Private: the bundle exports nothing.
 */
package io.fluxgate.plugins.isolation;
