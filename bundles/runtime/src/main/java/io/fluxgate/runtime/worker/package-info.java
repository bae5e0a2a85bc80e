/**
 * The data plane: the {@link io.fluxgate.runtime.worker.Worker} runs the connector instances and tasks the herder
 * asks for, each on its own thread with its plugin's class loader as context loader, and builds what tasks are made
 * of (converters, Kafka clients with Kafka Connect's settings).
 */
package io.fluxgate.runtime.worker;
