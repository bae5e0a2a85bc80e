package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bulkheads (issue 15), memory: a source task that allocates without bound in poll(), keeping every array, in a
 * worker of its own with a small heap, beside a healthy file pipeline. The task is FAILED of its OutOfMemoryError,
 * the worker lives on, and the failed task holds nothing of its plugin's: while it is still listed FAILED, before any
 * delete, the heap after a full GC is back within {@value #RECLAIMED_SLACK_MIB} MiB of what it was before. The healthy
 * pipeline moves every record meanwhile and once the failed connector is deleted; the heap and RSS are printed before,
 * at the failure, once reclaimed and after the delete.
 */
class BulkheadMemoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAP = "-Xms64M -Xmx384M -Xmn64M";
    /** How far above the heap before the allocation the heap of a worker whose allocating task FAILED may stay. */
    private static final long RECLAIMED_SLACK_MIB = 64;

    @Test
    void aSourceAllocatingWithoutBoundFailsAloneAndItsHeapIsReclaimedOnceFailed(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir.resolve("worker"));
        Files.copy(Path.of(System.getProperty("fluxgate.test.plugins"), "hostile", "test-plugin-hostile.jar"),
                dist.home.resolve("plugins/test-plugin-hostile.jar"));
        Path input = Files.createFile(dir.resolve("in.txt"));
        Path output = dir.resolve("out.txt");
        try (RunningWorker worker = RunningWorker.start(dist, Map.of(), Map.of("KAFKA_HEAP_OPTS", HEAP));
                RestLatencies rest = new RestLatencies(worker.base, Duration.ofSeconds(2))) {
            create(rest, "healthy-source", Map.of("connector.class", "FileStreamSource", "file", input.toString(),
                    "topic", "healthy"));
            create(rest, "healthy-sink", Map.of("connector.class", "FileStreamSink", "file", output.toString(),
                    "topics", "healthy"));
            RunningWorker.await("the hostile plugin is listed", Duration.ofSeconds(30),
                    () -> worker.body("/connector-plugins").contains("HostileSourceConnector"));
            int written = moveRecords(input, output, 0);
            try (WorkerMBeans mbeans = WorkerMBeans.attach(worker.pid())) {
                String before = memory(worker, mbeans);
                long beforeMib = mbeans.heapUsedMib();
                long started = System.nanoTime();
                create(rest, "allocates", Map.of("connector.class",
                        "io.fluxgate.testplugins.hostile.HostileSourceConnector", "mode", "allocate"));
                JsonNode[] status = new JsonNode[1];
                RunningWorker.await("the allocating task FAILED", Duration.ofSeconds(120), () -> {
                    status[0] = worker.connectorStatus("allocates");
                    return status[0].path("tasks").path(0).path("state").asText().equals("FAILED");
                });
                long toFailedMs = (System.nanoTime() - started) / 1_000_000;
                String trace = status[0].path("tasks").path(0).path("trace").asText();
                assertTrue(trace.contains("OutOfMemoryError"), trace);
                String atFailure = memory(worker, mbeans);
                // The task is reported FAILED before it closes its plugin and clients, then drops them: a moment.
                long[] heapMib = {mbeans.heapUsedMib()};
                long failedAt = System.nanoTime();
                RunningWorker.await("the failed task's arrays are reclaimed before any delete: heap after a full GC "
                        + "within " + RECLAIMED_SLACK_MIB + " MiB of the " + beforeMib + " MiB before", Duration
                        .ofSeconds(30), () -> {
                            try {
                                mbeans.gc();
                                heapMib[0] = mbeans.heapUsedMib();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            return heapMib[0] <= beforeMib + RECLAIMED_SLACK_MIB;
                        });
                long reclaimedMs = (System.nanoTime() - failedAt) / 1_000_000;
                String reclaimed = memory(worker, mbeans);
                assertEquals("FAILED", worker.connectorStatus("allocates").path("tasks").path(0).path("state")
                        .asText(), "still listed FAILED, its trace kept");
                written = moveRecords(input, output, written); // while the failed task is listed
                HttpResponse<String> deleted = rest.answered("DELETE", "/connectors/allocates");
                assertEquals(204, deleted.statusCode(), deleted.body());
                String afterDelete = memory(worker, mbeans);
                written = moveRecords(input, output, written);
                System.out.printf("Allocation without bound, heap %s: FAILED after %d ms%n  before:       %s%n"
                        + "  at FAILED:    %s%n  reclaimed:    %s (%d ms after FAILED was seen, still FAILED)%n"
                        + "  after DELETE: %s%n%s", HEAP, toFailedMs, before, atFailure, reclaimed, reclaimedMs,
                        afterDelete, rest.report());
            }
            assertTrue(worker.process.isAlive(), "the worker lives on");
            assertEquals(List.of(), rest.tooSlow());
        }
    }

    private static String memory(RunningWorker worker, WorkerMBeans mbeans) throws Exception {
        mbeans.gc();
        String rss = Files.readAllLines(Path.of("/proc/" + worker.pid() + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ?").substring(6).trim();
        return "heap used after GC " + mbeans.heapUsedMib() + " MiB, RSS " + rss;
    }

    private static int moveRecords(Path input, Path output, int written) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            lines.append("line-").append(written + i).append('\n');
        }
        Files.writeString(input, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        int expected = written + 100;
        RunningWorker.await("the healthy sink wrote all " + expected + " lines", Duration.ofSeconds(60), () -> {
            try {
                return Files.exists(output) && Files.readAllLines(output).size() >= expected;
            } catch (Exception e) {
                return false;
            }
        });
        return expected;
    }

    private static void create(RestLatencies rest, String name, Map<String, String> config) throws Exception {
        HttpResponse<String> response = rest.send("POST", "/connectors",
                JSON.writeValueAsString(Map.of("name", name, "config", config)));
        assertEquals(201, response.statusCode(), response.body());
    }
}
