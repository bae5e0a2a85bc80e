/**
 * Task lifecycles: {@link io.fluxgate.runtime.task.WorkerTask} is the template, {@link
 * io.fluxgate.runtime.task.AbstractWorkerSourceTask} the poll, transform, convert, send loop of the two source tasks:
 * {@link io.fluxgate.runtime.task.WorkerSourceTask} (at least once: commit acknowledged offsets periodically) and
 * {@link io.fluxgate.runtime.task.ExactlyOnceWorkerSourceTask} (records and offsets in one transaction, KIP-618);
 * {@link io.fluxgate.runtime.task.WorkerSinkTask} (consume, put, commit to the consumer group) the sink task.
 */
package io.fluxgate.runtime.task;
