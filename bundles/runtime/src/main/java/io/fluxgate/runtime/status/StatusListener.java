package io.fluxgate.runtime.status;

/**
 * Told every state change of a connector instance ({@code K = String}, its name) or of a task
 * ({@code K = ConnectorTaskId}), as Kafka Connect's status listeners are. The herder keeps the statuses it answers
 * with; the worker only reports.
 */
public interface StatusListener<K> {

    /** Started and running. */
    void onStartup(K id);

    /** Running again after a pause. */
    void onResume(K id);

    /** Paused by the user. */
    void onPause(K id);

    /** Stopped by the user (connectors only; stopped connectors keep their configuration but run no task). */
    void onStop(K id);

    /** Failed; {@code cause} is reported as the status trace. */
    void onFailure(K id, Throwable cause);

    /** Shut down (not failed): no longer running on this worker. */
    void onShutdown(K id);

    /**
     * Still RUNNING, but making no progress while it has work (tasks only): {@code reason} says what is stuck and
     * since when, and is reported as the trace of the RUNNING status until {@link #onStallEnded} or the next state.
     */
    void onStalled(K id, String reason);

    /** RUNNING and making progress again after {@link #onStalled}: the trace goes. */
    void onStallEnded(K id);

    /**
     * Not running yet, and stuck (tasks only): its plugin's {@code initialize()} or {@code start()} has not returned
     * for the stall timeout. Reported UNASSIGNED (it has never run) with {@code reason} as the trace, so that the task
     * is seen at all; {@link #onStartup} follows when start() returns, as for any task.
     */
    void onStalledStarting(K id, String reason);

    /** A listener that ignores everything: a cancelled task must not overwrite the status of its successor. */
    static <K> StatusListener<K> ignoring() {
        return new StatusListener<>() {
            @Override public void onStartup(K id) { }
            @Override public void onResume(K id) { }
            @Override public void onPause(K id) { }
            @Override public void onStop(K id) { }
            @Override public void onFailure(K id, Throwable cause) { }
            @Override public void onShutdown(K id) { }
            @Override public void onStalled(K id, String reason) { }
            @Override public void onStallEnded(K id) { }
            @Override public void onStalledStarting(K id, String reason) { }
        };
    }
}
