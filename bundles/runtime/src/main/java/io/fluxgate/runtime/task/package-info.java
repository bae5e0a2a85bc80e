/**
 * Task lifecycles: {@link io.fluxgate.runtime.task.WorkerTask} is the template, {@link
 * io.fluxgate.runtime.task.WorkerSourceTask} (poll, send, commit acknowledged offsets) and {@link
 * io.fluxgate.runtime.task.WorkerSinkTask} (consume, put, commit to the consumer group) its two variants.
 */
package io.fluxgate.runtime.task;
