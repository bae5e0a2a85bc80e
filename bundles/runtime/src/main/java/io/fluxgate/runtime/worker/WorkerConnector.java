package io.fluxgate.runtime.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkConnectorContext;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.runtime.isolation.LoaderSwap;
import io.fluxgate.runtime.status.StatusListener;

/**
 * One connector instance on its own thread, as Kafka Connect's {@code WorkerConnector}: initialized, then moved
 * between started, paused and stopped as its target state changes (pausing or stopping calls the connector's
 * {@code stop()}, resuming its {@code start()} again), and shut down at the end. A connector that throws, or calls
 * {@code raiseError}, goes FAILED and stays so until restarted; only STOPPED may still be reached from there. Its
 * {@code initialize()}, {@code start()} and {@code stop()} run with a deadline ({@link PluginCallDeadline}), so that a
 * connector hung in one is FAILED, naming the call, rather than left unanswered.
 */
final class WorkerConnector implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerConnector.class);

    private enum State { INIT, STARTED, PAUSED, STOPPED, FAILED }

    private final String name;
    private final Connector connector;
    private final ClassLoader loader;
    private final Map<String, String> config;
    private final ConnectorRequests requests;
    /** A source's offsets, which its reader reads: started before {@code initialize()}, stopped after stop(). */
    private final OffsetBackingStore offsetStore;
    private final OffsetStorageReader offsetReader;
    private final PluginMetrics metrics;
    private final PluginThreads threads;
    private final PluginCallDeadline calls;
    /** Run on the instance's thread before anything else: waits for its predecessor; throws to fail the instance. */
    private final Runnable beforeInitialize;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private volatile StatusListener<String> listener;
    private volatile State state = State.INIT;
    private TargetState pendingTarget; // guarded by this
    private Consumer<Throwable> pendingCallback; // guarded by this
    private boolean stopping; // guarded by this

    WorkerConnector(String name, Connector connector, ClassLoader loader, Map<String, String> config,
            ConnectorRequests requests, OffsetBackingStore offsetStore, OffsetStorageReader offsetReader,
            PluginMetrics metrics,
            StatusListener<String> listener, TargetState initialState, Consumer<Throwable> onInitialState,
            PluginThreads threads, PluginCallDeadline calls, Runnable beforeInitialize) {
        this.name = name;
        this.beforeInitialize = beforeInitialize;
        this.threads = threads;
        this.calls = calls;
        this.connector = connector;
        this.loader = loader;
        this.config = config;
        this.requests = requests;
        this.offsetStore = offsetStore;
        this.offsetReader = offsetReader;
        this.metrics = metrics;
        this.listener = listener;
        this.pendingTarget = initialState;
        this.pendingCallback = onInitialState;
    }

    @Override
    public void run() {
        Thread thread = Thread.currentThread();
        String savedName = thread.getName();
        thread.setName("connector-thread-" + name);
        MDC.put("connector.context", "[" + name + "|worker] ");
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            initialize();
            while (true) {
                TargetState target;
                Consumer<Throwable> callback;
                synchronized (this) {
                    while (!stopping && pendingTarget == null) {
                        wait();
                    }
                    if (stopping) {
                        break;
                    }
                    target = pendingTarget;
                    callback = pendingCallback;
                    pendingTarget = null;
                    pendingCallback = null;
                }
                Throwable error = transitionTo(target);
                notify(callback, error);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Consumer<Throwable> unanswered;
            synchronized (this) {
                unanswered = pendingCallback;
                pendingCallback = null;
            }
            notify(unanswered, new ConnectException(this + " was shut down before reaching its target state"));
            try (LoaderSwap swap = LoaderSwap.to(loader)) {
                doShutdown();
            }
            MDC.remove("connector.context");
            thread.setName(savedName);
            shutdown.countDown();
        }
    }

    private void notify(Consumer<Throwable> callback, Throwable error) {
        if (callback != null) {
            try {
                callback.accept(error);
            } catch (RuntimeException e) {
                LOG.warn("{} A state change callback failed", this, e);
            }
        }
    }

    private void initialize() {
        try {
            beforeInitialize.run();
            synchronized (this) {
                if (stopping) {
                    return; // shut down while it waited: its plugin never runs
                }
            }
            if (offsetStore != null) {
                offsetStore.start(); // as Apache: a connector's own offsets topic read before initialize()
            }
            call("initialize()", () -> connector.initialize(
                    connector instanceof SinkConnector ? new SinkContext() : new SourceContext()));
        } catch (Throwable t) {
            LOG.error("{} Error initializing connector", this, t);
            onFailure(t);
        }
    }

    /** Moves to {@code target}; returns the failure, if any. */
    private Throwable transitionTo(TargetState target) {
        if (state == State.FAILED && target != TargetState.STOPPED) {
            LOG.warn("{} Cannot transition connector to {} since it has failed", this, target);
            return new ConnectException(this + " Cannot transition connector to " + target + " since it has failed");
        }
        try {
            switch (target) {
                case STARTED -> {
                    if (state != State.STARTED) {
                        boolean first = state == State.INIT;
                        call("start()", () -> connector.start(config));
                        state = State.STARTED;
                        if (first) {
                            listener.onStartup(name);
                        } else {
                            listener.onResume(name);
                        }
                    }
                }
                case PAUSED, STOPPED -> suspend(target == TargetState.PAUSED);
            }
            return null;
        } catch (Throwable t) {
            LOG.error("{} Error while {} connector", this, target == TargetState.STARTED ? "starting"
                    : target == TargetState.PAUSED ? "pausing" : "stopping", t);
            onFailure(t);
            return t;
        }
    }

    private void suspend(boolean paused) {
        State next = paused ? State.PAUSED : State.STOPPED;
        if (state == next) {
            return;
        }
        if (state == State.STARTED) {
            call("stop()", connector::stop);
        }
        state = next;
        if (paused) {
            listener.onPause(name);
        } else {
            listener.onStop(name);
        }
    }

    private void doShutdown() {
        try {
            if (state == State.STARTED) {
                call("stop()", connector::stop);
            }
            state = State.STOPPED;
            listener.onShutdown(name);
        } catch (Throwable t) {
            LOG.error("{} Error while shutting down connector", this, t);
            onFailure(t);
        } finally {
            if (offsetStore != null) {
                try {
                    offsetStore.stop();
                } catch (RuntimeException e) {
                    LOG.warn("{} Could not stop its offsets store", this, e);
                }
            }
            if (metrics instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("{} Could not close plugin metrics", this, e);
                }
            }
        }
    }

    /** A call into the connector, on a thread of the connector's with the worker's deadline. */
    private void call(String what, Runnable call) {
        calls.call(threads, what, () -> {
            call.run();
            return null;
        });
    }

    private void onFailure(Throwable t) {
        state = State.FAILED;
        listener.onFailure(name, t);
    }

    /** Asks for a new target state; {@code callback} gets null once reached, or the failure. */
    synchronized void transitionTo(TargetState target, Consumer<Throwable> callback) {
        notify(pendingCallback, null); // superseded before it was applied
        pendingTarget = target;
        pendingCallback = callback;
        notifyAll();
    }

    synchronized void shutdown() {
        stopping = true;
        notifyAll();
    }

    boolean awaitShutdown(long timeoutMs) {
        try {
            return shutdown.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives up on a connector that did not stop in time: its status is no longer reported. */
    void cancel() {
        listener = StatusListener.ignoring();
    }

    boolean isRunning() {
        return state == State.STARTED;
    }

    boolean isSink() {
        return connector instanceof SinkConnector;
    }

    Connector connector() {
        return connector;
    }

    ClassLoader loader() {
        return loader;
    }

    PluginThreads threads() {
        return threads;
    }

    /** The connector's task configurations for at most {@code maxTasks} tasks, with its loader as context. */
    List<Map<String, String>> taskConfigs(int maxTasks) {
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            return connector.taskConfigs(maxTasks);
        }
    }

    @Override
    public String toString() {
        return "WorkerConnector{id=" + name + "}";
    }

    private abstract class Context implements org.apache.kafka.connect.connector.ConnectorContext {
        @Override
        public void requestTaskReconfiguration() {
            requests.requestTaskReconfiguration(name);
        }

        @Override
        public void raiseError(Exception e) {
            LOG.error("{} Connector raised an error", WorkerConnector.this, e);
            onFailure(e);
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return metrics;
        }
    }

    private final class SinkContext extends Context implements SinkConnectorContext {
    }

    private final class SourceContext extends Context implements SourceConnectorContext {
        @Override
        public OffsetStorageReader offsetStorageReader() {
            return offsetReader;
        }
    }
}
