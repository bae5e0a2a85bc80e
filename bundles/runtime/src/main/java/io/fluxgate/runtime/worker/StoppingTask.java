package io.fluxgate.runtime.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.runtime.task.WorkerTask;

/** A task asked to stop, as {@link InstanceStops} waits for it. */
record StoppingTask(WorkerTask task, PluginThreads threads) implements InstanceStops.Stopping {

    /** Worker's logger, as these lines came from the worker before. */
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    @Override
    public String connector() {
        return task.id().connector();
    }

    @Override
    public boolean awaitStop(long timeoutMs) {
        return task.awaitStop(timeoutMs);
    }

    @Override
    public void abandon() {
        LOG.warn("Task {} is still stopping: it is abandoned, its status no longer reported", task.id());
        task.cancel();
    }

    @Override
    public void gaveUp() {
        LOG.error("Graceful stop of task {} failed.", task.id());
        task.giveUp();
    }
}
