package io.fluxgate.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.worker.WorkerInfo;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.server.RestServerException;

/**
 * Serves the REST API on the worker's listeners from the moment the worker configuration is published.
 *
 * <p>The worker itself is an optional, dynamic reference: the API answers before it is there ({@code /health} then
 * says {@code starting}) and the server is not restarted when it comes or goes. A listener that cannot be bound is
 * reported to the launcher's {@link StartupMonitor}, which stops the platform with that one line; without a monitor
 * (a test framework) the activation fails with that message instead. Either way nothing stays bound.
 */
@Component(immediate = true, service = {}, configurationPid = WorkerConfigKeys.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class RestServerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(RestServerComponent.class);

    private final StartupMonitor startupMonitor;
    private final AtomicReference<WorkerInfo> worker = new AtomicReference<>();
    private final AtomicReference<Herder> herder = new AtomicReference<>();
    private List<RestListener> listeners;
    private RestServer server;

    /** {@code startupMonitor} may be null: the launcher registers it before this bundle starts, tests may not. */
    @Activate
    public RestServerComponent(
            @Reference(name = "startupMonitor", cardinality = ReferenceCardinality.OPTIONAL)
            StartupMonitor startupMonitor) {
        this.startupMonitor = startupMonitor;
    }

    @Activate
    void activate(RestServerConfig config) {
        start(config);
    }

    /** The worker configuration changed: restart only if the listeners did. */
    @Modified
    void modified(RestServerConfig config) {
        if (server != null && parseQuietly(config).equals(Optional.of(listeners))) {
            return;
        }
        stop();
        start(config);
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Reference(name = "worker", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindWorker(WorkerInfo workerInfo) {
        worker.set(workerInfo);
    }

    void unbindWorker(WorkerInfo workerInfo) {
        // A greedy replacement binds the new worker before unbinding the old one.
        worker.compareAndSet(workerInfo, null);
    }

    @Reference(name = "herder", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHerder(Herder bound) {
        herder.set(bound);
    }

    void unbindHerder(Herder unbound) {
        herder.compareAndSet(unbound, null);
    }

    private void start(RestServerConfig config) {
        try {
            listeners = parse(config.listeners());
            server = RestServer.start(listeners, ConnectRestApi.create(() -> Optional.ofNullable(worker.get()),
                    () -> Optional.ofNullable(herder.get())));
        } catch (IllegalArgumentException | RestServerException e) {
            reportFailure(e.getMessage(), e);
        }
    }

    private void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private void reportFailure(String message, Exception cause) {
        if (startupMonitor == null) {
            throw new IllegalStateException(message, cause);
        }
        LOG.debug("{}", message, cause);
        startupMonitor.failed(message);
    }

    private static Optional<List<RestListener>> parseQuietly(RestServerConfig config) {
        try {
            return Optional.of(parse(config.listeners()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Kafka Connect's {@code listeners} value; throws with a one-line message naming the bad entry. */
    static List<RestListener> parse(String[] values) {
        List<RestListener> parsed = new ArrayList<>();
        for (String value : values) {
            for (String entry : value.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                RestListener listener = RestListener.parse(entry).orElseThrow(() -> new IllegalArgumentException(
                        "REST listener '" + entry.trim() + "' is not http://host:port"));
                if (!"http".equals(listener.scheme())) {
                    throw new IllegalArgumentException("REST listener " + listener
                            + " cannot start: https listeners are not supported yet");
                }
                if (!parsed.contains(listener)) {
                    parsed.add(listener);
                }
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("No REST listener: 'listeners' is empty");
        }
        return List.copyOf(parsed);
    }
}
