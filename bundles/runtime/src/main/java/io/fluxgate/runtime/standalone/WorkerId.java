package io.fluxgate.runtime.standalone;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import io.fluxgate.boot.config.RestListener;
import io.fluxgate.boot.config.WorkerConfigKeys;

/**
 * The worker's id in statuses ({@code worker_id}): its advertised REST {@code host:port}, as Kafka Connect computes
 * it from {@code rest.advertised.host.name}/{@code .port} or else the first listener (the host's address when the
 * listener binds every interface).
 */
final class WorkerId {

    private WorkerId() {
    }

    static String of(Map<String, String> settings) {
        String listeners = settings.getOrDefault(WorkerConfigKeys.LISTENERS, "http://:8083");
        RestListener first = RestListener.parse(listeners.split(",")[0]).orElse(new RestListener("http", "", 8083));
        String host = settings.get(WorkerConfigKeys.REST_ADVERTISED_HOST_NAME);
        if (host == null || host.isBlank()) {
            host = first.anyHost() ? localAddress() : first.host();
        }
        String port = settings.get(WorkerConfigKeys.REST_ADVERTISED_PORT);
        return host + ":" + (port == null || port.isBlank() ? Integer.toString(first.port()) : port.trim());
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
