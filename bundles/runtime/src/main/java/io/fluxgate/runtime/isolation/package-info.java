/**
 * Running plugin code with the plugin's class loader as the thread's context class loader, as Kafka Connect's
 * {@code runtime/isolation} does: the lowest layer, used by every package that calls into a plugin.
 */
package io.fluxgate.runtime.isolation;
