package io.fluxgate.runtime.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.status.StatusListener;

/** The statuses a task reported, in order; thread-safe, as a task reports from its own thread. */
public final class RecordingStatusListener implements StatusListener<ConnectorTaskId> {

    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;

    public List<String> statuses() {
        return statuses;
    }

    /** Whether the task reported {@code status} ("running", "paused", "resumed", "stopped", "failed", "shutdown"). */
    public boolean has(String status) {
        return statuses.contains(status);
    }

    /** The cause the task failed with, or null. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void onStartup(ConnectorTaskId id) {
        statuses.add("running");
    }

    @Override
    public void onResume(ConnectorTaskId id) {
        statuses.add("resumed");
    }

    @Override
    public void onPause(ConnectorTaskId id) {
        statuses.add("paused");
    }

    @Override
    public void onStop(ConnectorTaskId id) {
        statuses.add("stopped");
    }

    @Override
    public void onFailure(ConnectorTaskId id, Throwable cause) {
        failure = cause;
        statuses.add("failed");
    }

    @Override
    public void onShutdown(ConnectorTaskId id) {
        statuses.add("shutdown");
    }

    @Override
    public void onStalled(ConnectorTaskId id, String reason) {
        statuses.add("stalled: " + reason);
    }

    @Override
    public void onStallEnded(ConnectorTaskId id) {
        statuses.add("stall ended");
    }

    @Override
    public void onStalledStarting(ConnectorTaskId id, String reason) {
        statuses.add("stalled starting: " + reason);
    }
}
