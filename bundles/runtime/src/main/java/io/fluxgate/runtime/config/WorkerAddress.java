package io.fluxgate.runtime.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

import io.fluxgate.boot.config.RestListener;
import io.fluxgate.boot.config.WorkerConfigDefaults;
import io.fluxgate.boot.config.WorkerConfigKeys;

/**
 * Where other workers and clients reach this worker, as Kafka Connect computes it: {@code rest.advertised.host.name},
 * {@code .port} and {@code .listener}, or else the first listener (the host's address when the listener binds every
 * interface). {@link #id()} is the {@code worker_id} of statuses; {@link #url()} is the URL the group hands around
 * (the leader's, for forwarding).
 */
public record WorkerAddress(String scheme, String host, int port) {

    public static WorkerAddress of(Map<String, String> settings) {
        String listeners = settings.getOrDefault(WorkerConfigKeys.LISTENERS, WorkerConfigDefaults.LISTENERS);
        String advertisedListener = settings.get(WorkerConfigKeys.REST_ADVERTISED_LISTENER);
        RestListener first = RestListener.parse(listeners.split(",")[0]).orElse(new RestListener("http", "", 8083));
        for (String listener : listeners.split(",")) {
            RestListener parsed = RestListener.parse(listener).orElse(null);
            if (parsed != null && advertisedListener != null
                    && parsed.scheme().equalsIgnoreCase(advertisedListener.trim())) {
                first = parsed;
                break;
            }
        }
        String host = settings.get(WorkerConfigKeys.REST_ADVERTISED_HOST_NAME);
        if (host == null || host.isBlank()) {
            host = first.anyHost() ? localAddress() : first.host();
        }
        String port = settings.get(WorkerConfigKeys.REST_ADVERTISED_PORT);
        String scheme = advertisedListener == null || advertisedListener.isBlank() ? first.scheme()
                : advertisedListener.trim().toLowerCase(Locale.ROOT);
        return new WorkerAddress(scheme, host.trim(),
                port == null || port.isBlank() ? first.port() : Integer.parseInt(port.trim()));
    }

    /** {@code host:port}, the {@code worker_id} of statuses. */
    public String id() {
        return host + ":" + port;
    }

    /** {@code http://host:port/}, with the trailing slash Kafka Connect puts in the group's metadata. */
    public String url() {
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
