package io.fluxgate.itests.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Hot deploy, measured on the assembled distribution (its embedded broker) with Apache's connect-file jar: the time
 * from a jar's atomic move into plugins/ until {@code GET /connector-plugins} lists it, and until a connector created
 * at that moment has its task RUNNING (median and worst of N rounds, the jar removed between rounds); then the
 * interruption of a running connector when its jar is replaced by another version (connect-file 4.2.0 by 4.3.1):
 * the time its status is not RUNNING; and the same for a jar replaced in place by a new release (same file name, an
 * update of its bundle), with the number of restarts it caused. Not a test: run it with
 * itests/benchmarks/plugin-deploy.sh.
 */
public final class PluginDeployBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path oldJar = Path.of(args.length > 1 ? args[1] : "target/test-plugins/connect-file-4.2.0/connect-file-4.2.0.jar");
        Path dir = Files.createTempDirectory("fluxgate-deploy-bench");
        Process worker = null;
        try {
            Distribution dist = Distribution.copyInto(dir.resolve("worker"));
            Path plugins = dist.home.resolve("plugins");
            Path newJar = dir.resolve("connect-file-4.3.1.jar");
            Files.move(plugins.resolve("connect-file-4.3.1.jar"), newJar);
            int restPort = Distribution.freePort();
            Map<String, String> config = dist.shippedStandaloneConfig();
            config.put("fluxgate.embedded.broker.port", String.valueOf(Distribution.freePort()));
            config.put("listeners", "http://127.0.0.1:" + restPort);
            worker = dist.start(Map.of("FLUXGATE_CDS", "false"), "connect-standalone.sh",
                    dist.writeConfig("worker.properties", config).toString());
            URI base = URI.create("http://127.0.0.1:" + restPort);
            await(Duration.ofSeconds(120), () -> status(base.resolve("/health")) == 200);
            Files.writeString(dir.resolve("input.txt"), "a line\n");

            List<Double> listed = new ArrayList<>();
            List<Double> running = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                String name = "deploy-" + round;
                long dropped = drop(newJar, plugins.resolve("connect-file-4.3.1.jar"));
                await(Duration.ofSeconds(30), () -> body(base.resolve("/connector-plugins"))
                        .contains("FileStreamSourceConnector"));
                listed.add(millisSince(dropped));
                create(base, name, dir.resolve("input.txt"));
                await(Duration.ofSeconds(30), () -> body(base.resolve("/connectors/" + name + "/status"))
                        .matches("(?s).*\"tasks\":\\[\\{[^]]*\"state\":\"RUNNING\".*"));
                running.add(millisSince(dropped));
                HTTP.send(HttpRequest.newBuilder(base.resolve("/connectors/" + name)).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
                Files.delete(plugins.resolve("connect-file-4.3.1.jar"));
                await(Duration.ofSeconds(30), () -> !body(base.resolve("/connector-plugins"))
                        .contains("FileStreamSourceConnector"));
            }
            System.out.printf("drop -> listed by GET /connector-plugins: median %.0f ms, worst %.0f ms (%d rounds)%n",
                    median(listed), Collections.max(listed), rounds);
            System.out.printf("drop -> connector created then its task RUNNING: median %.0f ms, worst %.0f ms%n",
                    median(running), Collections.max(running));

            // Upgrade: a running connector on 4.2.0, the 4.3.1 jar dropped and the 4.2.0 jar removed.
            drop(oldJar, plugins.resolve("connect-file-4.2.0.jar"));
            await(Duration.ofSeconds(30), () -> body(base.resolve("/connector-plugins"))
                    .contains("FileStreamSourceConnector"));
            create(base, "upgraded", dir.resolve("input.txt"));
            URI statusUri = base.resolve("/connectors/upgraded/status");
            await(Duration.ofSeconds(30), () -> isRunning(body(statusUri)));
            drop(newJar, plugins.resolve("connect-file-4.3.1.jar"));
            Files.delete(plugins.resolve("connect-file-4.2.0.jar"));
            long notRunningSince = 0;
            long interruption = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                boolean up = isRunning(body(statusUri));
                if (!up && notRunningSince == 0) {
                    notRunningSince = System.nanoTime();
                } else if (up && notRunningSince != 0) {
                    interruption = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - notRunningSince);
                    break;
                }
                Thread.sleep(5);
            }
            System.out.printf("upgrade 4.2.0 -> 4.3.1 of a running source connector: not RUNNING for %s%n",
                    interruption < 0 ? "(not observed)" : interruption + " ms (status polled every 5 ms)");

            // Upgrade in place: the same file name, a new release (test-plugin-versioned 1.0.0 -> 2.0.0).
            if (args.length > 2) {
                upgradeInPlace(base, plugins, Path.of(args[2]), dir);
            }
        } finally {
            if (worker != null) {
                worker.destroy();
                if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * A running sequence source on versioned.jar 1.0.0, the file then replaced by 2.0.0 under the same name: how long
     * the connector is not RUNNING on either version, and how many times it was started again (one is right).
     */
    private static void upgradeInPlace(URI base, Path plugins, Path versioned, Path dir) throws Exception {
        Path plugin = plugins.resolve("versioned.jar");
        drop(versioned.resolve("versioned-1.0.0.jar"), plugin);
        await(Duration.ofSeconds(30), () -> body(base.resolve("/connector-plugins")).contains("SequenceSource"));
        Path starts = dir.resolve("starts.txt");
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(base.resolve("/connectors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"in-place\",\"config\":{"
                        + "\"connector.class\":\"SequenceSource\",\"topic\":\"in-place\",\"starts.file\":\""
                        + starts + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating in-place: " + created.body());
        }
        URI statusUri = base.resolve("/connectors/in-place/status");
        await(Duration.ofSeconds(30), () -> isRunning(body(statusUri)) && body(statusUri).contains("1.0.0"));
        drop(versioned.resolve("versioned-2.0.0.jar"), plugin);
        long notRunningSince = 0;
        long interruption = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String status = body(statusUri);
            boolean up = isRunning(status);
            if (!up && notRunningSince == 0) {
                notRunningSince = System.nanoTime();
            } else if (up && notRunningSince != 0 && status.contains("\"version\":\"2.0.0\"")) {
                interruption = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - notRunningSince);
                break;
            }
            Thread.sleep(5);
        }
        Thread.sleep(2_000); // a second restart would come meanwhile
        long restarts = Files.readAllLines(starts).stream().filter(line -> line.startsWith("connector ")).count() - 1;
        System.out.printf("upgrade in place (versioned.jar 1.0.0 -> 2.0.0, same file name) of a running source "
                + "connector: not RUNNING for %s; started again %d time(s)%n",
                interruption < 0 ? "(not observed)" : interruption + " ms", restarts);
    }

    /** Copies beside the target, then renames: the atomic move a careful deployer does. Returns when it landed. */
    private static long drop(Path jar, Path target) throws Exception {
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
        long now = System.nanoTime();
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return now;
    }

    private static boolean isRunning(String status) {
        return status.matches("(?s).*\"connector\":\\{\"state\":\"RUNNING\".*")
                && status.matches("(?s).*\"tasks\":\\[\\{[^]]*\"state\":\"RUNNING\".*");
    }

    private static void create(URI base, String name, Path input) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/connectors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"config\":{"
                        + "\"connector.class\":\"FileStreamSource\",\"file\":\"" + input + "\",\"topic\":\"deploy\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String body(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(2);
        }
    }
}
