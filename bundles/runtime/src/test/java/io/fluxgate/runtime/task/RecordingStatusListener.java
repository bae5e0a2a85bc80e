package io.fluxgate.runtime.task;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.status.StatusListener;

/** The status changes a task reported, in order. */
final class RecordingStatusListener implements StatusListener<ConnectorTaskId> {

    final List<String> events = new CopyOnWriteArrayList<>();
    volatile Throwable failure;

    boolean has(String event) {
        return events.contains(event);
    }

    @Override
    public void onStartup(ConnectorTaskId id) {
        events.add("startup");
    }

    @Override
    public void onResume(ConnectorTaskId id) {
        events.add("resume");
    }

    @Override
    public void onPause(ConnectorTaskId id) {
        events.add("pause");
    }

    @Override
    public void onStop(ConnectorTaskId id) {
        events.add("stop");
    }

    @Override
    public void onFailure(ConnectorTaskId id, Throwable cause) {
        failure = cause;
        events.add("failure");
    }

    @Override
    public void onShutdown(ConnectorTaskId id) {
        events.add("shutdown");
    }
}
