package io.fluxgate.runtime.metrics;

import java.util.function.Consumer;

import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.status.StatusListener;

/**
 * A status listener that tells each state to a metrics group before passing the call on: the one translation from
 * listener calls to states that connector and task metrics share (started and resumed are RUNNING, shut down is
 * UNASSIGNED, as Kafka Connect's metrics say).
 */
final class StateReporting<K> implements StatusListener<K> {

    private final StatusListener<K> delegate;
    private final Consumer<State> states;

    StateReporting(StatusListener<K> delegate, Consumer<State> states) {
        this.delegate = delegate;
        this.states = states;
    }

    @Override
    public void onStartup(K id) {
        states.accept(State.RUNNING);
        delegate.onStartup(id);
    }

    @Override
    public void onResume(K id) {
        states.accept(State.RUNNING);
        delegate.onResume(id);
    }

    @Override
    public void onPause(K id) {
        states.accept(State.PAUSED);
        delegate.onPause(id);
    }

    @Override
    public void onStop(K id) {
        states.accept(State.STOPPED);
        delegate.onStop(id);
    }

    @Override
    public void onFailure(K id, Throwable cause) {
        states.accept(State.FAILED);
        delegate.onFailure(id, cause);
    }

    @Override
    public void onShutdown(K id) {
        states.accept(State.UNASSIGNED);
        delegate.onShutdown(id);
    }

    /** A stall is no state change (the task stays RUNNING): the task tells its metrics itself, with the time. */
    @Override
    public void onStalled(K id, String reason) {
        delegate.onStalled(id, reason);
    }

    @Override
    public void onStallEnded(K id) {
        delegate.onStallEnded(id);
    }

    /** Nor is a stalled start: the metrics count a task as running from its creation, as Apache's do. */
    @Override
    public void onStalledStarting(K id, String reason) {
        delegate.onStalledStarting(id, reason);
    }
}
