package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Kafka Connect's REST API of one worker, whichever implementation answers it (Fluxgate's or Apache's, standalone or
 * distributed): what the real-plugin tests ask of it. Waiting for a connector to run fails at once, with the worker's
 * trace, when the connector or a task FAILED, rather than timing out without saying why.
 */
final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final URI base;

    ConnectRest(URI base) {
        this.base = base;
    }

    /** POST /connectors, expecting 201; sent again while a distributed worker answers 409 (a rebalance under way). */
    void create(String name, Map<String, String> config) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("config", config);
        HttpResponse<String> response = retryingConflicts("POST", "/connectors", JSON.writeValueAsString(body));
        if (response.statusCode() != 201) {
            throw new AssertionError("POST /connectors " + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** PUT /connectors/{name}/config: creates the connector (201) or updates it (200), as a user re-submits it. */
    void put(String name, Map<String, String> config) throws IOException, InterruptedException {
        HttpResponse<String> response = retryingConflicts("PUT", "/connectors/" + name + "/config",
                JSON.writeValueAsString(config));
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new AssertionError("PUT /connectors/" + name + "/config answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private HttpResponse<String> retryingConflicts(String method, String path, String json)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 409 || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(250);
        }
    }

    /** DELETE /connectors/{name}, expecting 204. */
    void delete(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/connectors/" + name))
                .timeout(Duration.ofSeconds(60)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new AssertionError("DELETE /connectors/" + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** PUT /connectors/{name}/pause, expecting 202 (the pause is asynchronous: see the status). */
    void pause(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/pause"))
                .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new AssertionError("PUT /connectors/" + name + "/pause answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** GET /connectors/{name}/status; an empty object while it cannot be read. */
    JsonNode status(String name) {
        return json("/connectors/" + name + "/status");
    }

    /** The classes GET /connector-plugins lists (connectors only, as Kafka Connect answers by default). */
    Set<String> connectorPlugins() {
        Set<String> classes = new TreeSet<>();
        json("/connector-plugins").forEach(p -> classes.add(p.path("class").asText()));
        return classes;
    }

    /**
     * Waits until the connector and its {@code tasks} tasks are RUNNING (on {@code workerId} when it is not null);
     * fails at once with the trace when one of them FAILED.
     */
    void awaitRunning(String name, int tasks, String workerId, Duration timeout) throws InterruptedException {
        awaitRunning(name, tasks, workerId, timeout, 200);
    }

    /** As {@link #awaitRunning(String, int, String, Duration)}, the status read every {@code pollMillis} ms. */
    void awaitRunning(String name, int tasks, String workerId, Duration timeout, long pollMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = status(name);
        while (!running(status, tasks, workerId)) {
            assertNotFailed(name, status);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + name
                        + " runs " + tasks + " task(s)" + (workerId == null ? "" : " on " + workerId) + "; status: "
                        + status);
            }
            Thread.sleep(pollMillis);
            status = status(name);
        }
    }

    private static boolean running(JsonNode status, int tasks, String workerId) {
        if (!status.path("connector").path("state").asText().equals("RUNNING") || status.path("tasks").size() != tasks) {
            return false;
        }
        for (JsonNode task : status.path("tasks")) {
            if (!task.path("state").asText().equals("RUNNING")
                    || workerId != null && !task.path("worker_id").asText().equals(workerId)) {
                return false;
            }
        }
        return true;
    }

    /** Fails with the worker's trace when the connector or one of its tasks is FAILED. */
    void assertNotFailed(String name) {
        assertNotFailed(name, status(name));
    }

    private static void assertNotFailed(String name, JsonNode status) {
        if (status.path("connector").path("state").asText().equals("FAILED")) {
            throw new AssertionError("connector " + name + " FAILED on " + status.path("connector").path("worker_id")
                    .asText() + ":\n" + status.path("connector").path("trace").asText());
        }
        for (JsonNode task : status.path("tasks")) {
            if (task.path("state").asText().equals("FAILED")) {
                throw new AssertionError("task " + name + "-" + task.path("id").asInt() + " FAILED on "
                        + task.path("worker_id").asText() + ":\n" + task.path("trace").asText());
            }
        }
    }

    /** The worker that runs task {@code task} of {@code name}, as the status reports it; empty if none yet. */
    String taskWorker(String name, int task) {
        for (JsonNode t : status(name).path("tasks")) {
            if (t.path("id").asInt() == task) {
                return t.path("worker_id").asText();
            }
        }
        return "";
    }

    /** GET {@code path} as JSON; an empty object while it cannot be read or is not answered 200. */
    JsonNode json(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }

    /** The HTTP status of GET {@code path}; -1 while nothing answers. */
    int statusCode(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
