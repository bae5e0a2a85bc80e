package io.fluxgate.itests.cluster;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every REST call a cluster test makes to any worker, timed against a bound (a call slower than it is kept, not
 * retried), from any thread; and a prober that keeps reading from every live worker, as a monitoring system would, so
 * that a worker whose REST waits on something shows between the test's own calls.
 */
final class ClusterRest implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkerCluster cluster;
    private final long boundMs;
    private final List<Long> millis = Collections.synchronizedList(new ArrayList<>());
    private final List<String> tooSlow = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicLong longestWriteMs = new AtomicLong();
    private volatile boolean probing;
    private Thread prober;

    ClusterRest(WorkerCluster cluster, long boundMs) {
        this.cluster = cluster;
        this.boundMs = boundMs;
    }

    /** One call, timed; a call that fails to connect or times out fails the test. */
    HttpResponse<String> call(ClusterWorker worker, String method, String path, String json) {
        long started = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(worker.url(path))
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            return worker.send(request);
        } catch (Exception e) {
            tooSlow.add(method + " " + path + " on " + worker + " not answered: " + e);
            throw new AssertionError(method + " " + path + " on " + worker + " failed", e);
        } finally {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            millis.add(ms);
            if (ms > boundMs) {
                tooSlow.add(method + " " + path + " on " + worker + ": " + ms + " ms");
            }
        }
    }

    /**
     * A write, sent again while it is answered 409 (for at most 30 s): Kafka Connect's answer while a rebalance is
     * under way, which clients are expected to retry. Each attempt is a timed call; the retries are counted, and the
     * longest wait from the first attempt to the answer kept, to print.
     */
    HttpResponse<String> write(ClusterWorker worker, String method, String path, String json)
            throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> response = call(worker, method, path, json);
            if (response.statusCode() != 409 || System.nanoTime() > deadline) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                longestWriteMs.accumulateAndGet(ms, Math::max);
                return response;
            }
            conflicts.incrementAndGet();
            Thread.sleep(100);
        }
    }

    /** GET {@code path} from {@code worker}, timed, as JSON; an empty object unless answered 200. */
    JsonNode json(ClusterWorker worker, String path) {
        HttpResponse<String> answer = call(worker, "GET", path, null);
        try {
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** Reads {@code paths} from every live worker in turn, every 200 ms, until closed. */
    void probe(List<String> paths) {
        probing = true;
        prober = new Thread(() -> {
            while (probing) {
                for (ClusterWorker worker : cluster.live()) {
                    for (String path : paths) {
                        try {
                            call(worker, "GET", path, null);
                        } catch (AssertionError kept) {
                            // in tooSlow already: the test fails at its end
                        }
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cluster-rest-prober");
        prober.setDaemon(true);
        prober.start();
    }

    List<String> tooSlow() {
        synchronized (tooSlow) {
            return List.copyOf(tooSlow);
        }
    }

    /** How many calls, their p50, p99 and max, and the writes sent again. */
    String report() {
        List<Long> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        Collections.sort(sorted);
        return String.format("%d calls, p50 %d ms, p99 %d ms, max %d ms; %d writes answered 409 (a rebalance under "
                + "way) and sent again, the longest write %d ms from its first attempt", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)),
                sorted.get(sorted.size() - 1), conflicts.get(), longestWriteMs.get());
    }

    @Override
    public void close() throws InterruptedException {
        probing = false;
        if (prober != null) {
            prober.join(5_000);
        }
    }
}
