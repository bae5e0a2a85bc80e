package io.fluxgate.runtime.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.SignedContext;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.cluster.membership.KafkaGroupMemberFactory;
import io.fluxgate.runtime.config.WorkerAddress;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.worker.Worker;
import io.fluxgate.runtime.worker.WorkerAssembly;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.Workers;

/**
 * Distributed workers in one JVM, wired as the DS component wires them, against the shared broker: each with its own
 * Worker, stores and group member, and a minimal real HTTP endpoint serving the internal
 * {@code POST /connectors/{c}/tasks} (as the REST bundle does), so that followers hand task configurations to the
 * leader over HTTP, signed.
 */
final class TestCluster implements AutoCloseable {

    /** One worker: its herder, its data plane, and how many internal requests its endpoint received. */
    record Member(String url, DistributedHerder herder, Worker worker, HttpServer endpoint,
            AtomicInteger taskConfigRequests) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> settings;
    private final PluginRegistry registry;
    private final List<Member> members = new ArrayList<>();

    TestCluster(PluginRegistry registry, String... overrides) {
        this.registry = registry;
        this.settings = new HashMap<>(Workers.settings());
        settings.put("fluxgate.mode", "distributed");
        settings.put("session.timeout.ms", "6000");
        settings.put("heartbeat.interval.ms", "1000");
        settings.put("rebalance.timeout.ms", "20000");
        settings.put("offset.flush.interval.ms", "1000");
        settings.put("offset.storage.partitions", "5");
        settings.put("status.storage.partitions", "3");
        for (int i = 0; i < overrides.length; i += 2) {
            settings.put(overrides[i], overrides[i + 1]);
        }
    }

    Map<String, String> settings() {
        return settings;
    }

    List<Member> members() {
        return members;
    }

    /** Starts one more worker (it joins the group by itself). */
    Member start() {
        try {
            HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            int port = endpoint.getAddress().getPort();
            Map<String, String> own = new HashMap<>(settings);
            own.put("listeners", "http://127.0.0.1:" + port);
            WorkerSettings workerSettings = WorkerSettings.of(own);
            DistributedStores stores = new KafkaStoreFactory().open(workerSettings.originals());
            WorkerAssembly assembly = WorkerAssembly.of(workerSettings, registry, stores.offsets(),
                    stores::connectorOffsets);
            DistributedHerder herder = new DistributedHerder(assembly, stores, new KafkaGroupMemberFactory(),
                    registry, workerSettings.originals(),
                    WorkerAddress.of(workerSettings.originals()));
            AtomicInteger requests = new AtomicInteger();
            AtomicReference<DistributedHerder> target = new AtomicReference<>(herder);
            endpoint.createContext("/connectors/", exchange -> {
                String[] path = exchange.getRequestURI().getPath().split("/");
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String signature = exchange.getRequestHeaders().getFirst(RequestSignatures.SIGNATURE_HEADER);
                String algorithm = exchange.getRequestHeaders().getFirst(RequestSignatures.ALGORITHM_HEADER);
                String generation = exchange.getRequestHeaders().getFirst(
                        RequestSignatures.CONTEXT_GENERATION_HEADER);
                String contextSignature = exchange.getRequestHeaders().getFirst(
                        RequestSignatures.CONTEXT_SIGNATURE_HEADER);
                SignedContext context = generation == null || contextSignature == null ? null
                        : new SignedContext(Long.parseLong(generation), Base64.getDecoder().decode(contextSignature));
                int status = 204;
                String answer = "";
                try {
                    requests.incrementAndGet();
                    List<Map<String, String>> configs = JSON.readValue(body, new TypeReference<>() { });
                    target.get().putTaskConfigs(path[2], configs, signature == null ? null
                            : new RequestSignature(algorithm, Base64.getDecoder().decode(signature), body, context))
                            .toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    status = cause instanceof HerderException h ? h.status() : 500;
                    answer = String.valueOf(cause.getMessage());
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
                exchange.close();
            });
            endpoint.start();
            herder.start();
            Member member = new Member("http://127.0.0.1:" + port + "/", herder, assembly.worker(), endpoint, requests);
            members.add(member);
            return member;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the worker without leaving the group, as a killed one (its work moves after the session timeout). */
    void stop(Member member) {
        member.herder().close();
        member.endpoint().stop(0);
        members.remove(member);
    }

    @Override
    public void close() {
        List.copyOf(members).parallelStream().forEach(this::stop);
    }
}
