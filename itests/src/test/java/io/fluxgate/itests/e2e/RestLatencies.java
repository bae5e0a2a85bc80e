package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every REST call a test makes, timed, by phase ("without a hostile connector", "beside a hung connector"...): each
 * must answer within a bound, and the phases' p50/p99 are printed side by side. A background prober keeps reading
 * the healthy connectors' statuses meanwhile, as a monitoring system would.
 */
final class RestLatencies implements AutoCloseable {

    private final URI base;
    private final Duration bound;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, List<Long>> millisByPhase = new LinkedHashMap<>();
    private final List<String> tooSlow = Collections.synchronizedList(new ArrayList<>());
    private final List<String> slowest = Collections.synchronizedList(new ArrayList<>());
    private volatile String phase = "idle";
    private volatile boolean probing;
    private Thread prober;

    RestLatencies(URI base, Duration bound) {
        this.base = base;
        this.bound = bound;
    }

    /** From now on, calls count for {@code name}. */
    void phase(String name) {
        phase = name;
    }

    /** Reads {@code paths} in turn, every 100 ms, until closed. */
    void probe(List<String> paths) {
        probing = true;
        prober = new Thread(() -> {
            while (probing) {
                for (String path : paths) {
                    send("GET", path);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rest-prober");
        prober.setDaemon(true);
        prober.start();
    }

    /**
     * Sends the call and times it; a call slower than the bound is kept to report. Null when unanswered within the
     * bound and 3 s more (kept to report too): {@link #answered} fails the test then.
     */
    HttpResponse<String> send(String method, String path) {
        return send(method, path, null);
    }

    /** The answer to the call; fails, saying so, when it was not answered in time. */
    HttpResponse<String> answered(String method, String path) {
        HttpResponse<String> response = send(method, path);
        if (response == null) {
            throw new AssertionError(method + " " + path + " was not answered within " + bound.plusSeconds(3)
                    .toMillis() + " ms");
        }
        return response;
    }

    HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(bound.plusSeconds(3));
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        String current = phase;
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            record(current, method + " " + path, started);
            return response;
        } catch (IOException e) {
            tooSlow.add(current + ": " + method + " " + path + " not answered: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void record(String phaseName, String call, long startedNanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        synchronized (millisByPhase) {
            millisByPhase.computeIfAbsent(phaseName, p -> new ArrayList<>()).add(ms);
        }
        if (ms > bound.toMillis() / 2) {
            slowest.add(String.format("  %-44s %-50s %5d ms", phaseName, call, ms));
        }
        if (ms > bound.toMillis()) {
            tooSlow.add(phaseName + ": " + call + " took " + ms + " ms");
        }
    }

    /** The calls slower than the bound so far. */
    List<String> tooSlow() {
        synchronized (tooSlow) {
            return List.copyOf(tooSlow);
        }
    }

    /** p50, p99 and max of each phase, a line each. */
    String report() {
        StringBuilder text = new StringBuilder("REST latency by phase (every call the test and its prober made):\n");
        synchronized (millisByPhase) {
            millisByPhase.forEach((name, millis) -> {
                List<Long> sorted = new ArrayList<>(millis);
                Collections.sort(sorted);
                text.append(String.format("  %-44s n=%5d  p50=%4d ms  p99=%5d ms  max=%5d ms%n", name, sorted.size(),
                        percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1)));
            });
        }
        synchronized (slowest) {
            text.append("Calls slower than half the bound:\n");
            slowest.forEach(line -> text.append(line).append('\n'));
        }
        return text.toString();
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    @Override
    public void close() throws InterruptedException {
        probing = false;
        if (prober != null) {
            prober.join(5_000);
        }
    }
}
