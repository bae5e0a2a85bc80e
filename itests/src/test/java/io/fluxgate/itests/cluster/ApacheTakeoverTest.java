package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Moving a cluster from Apache Kafka Connect to Fluxgate: Apache Kafka Connect 4.3.1's distributed worker (its
 * connect-runtime from Maven Central, in a child JVM) runs the sequence source and commits offsets, then stops; Fluxgate
 * workers started on the same group and internal topics find the connector with its configuration, and each task
 * resumes right after the offset Apache committed: no gap, no start over from zero.
 */
class ApacheTakeoverTest extends ClusterTestSupport {

    @Test
    void fluxgateTakesOverTheTopicsOfApacheKafkaConnect() throws Exception {
        WorkerCluster c = cluster("takeover");
        c.launch(ClusterWorker.Kind.APACHE).awaitReady(Duration.ofSeconds(120));
        ClusterWorker apache = c.worker(0);
        c.createSequence(apache, "seq", "takeover-seq", 3);
        c.awaitAllRunning("seq", 3, Duration.ofSeconds(60));
        c.awaitProgress("takeover-seq", 3, Map.of(0, 200L, 1, 200L, 2, 200L), Duration.ofSeconds(60));
        JsonNode apacheConfig = apache.json("/connectors/seq/config");
        apache.stop(Duration.ofSeconds(60)); // SIGTERM: Apache commits the offsets of its tasks as they stop
        Map<Integer, Long> committed = c.committed("seq");
        assertEquals(Set.of(0, 1, 2), committed.keySet(), "offsets committed by Apache: " + committed);

        c.start(2);
        c.awaitAllRunning("seq", 3, Duration.ofSeconds(90));
        for (ClusterWorker worker : c.live()) {
            assertEquals(List.of("seq"), List.of(worker.json("/connectors").path(0).asText()), worker.toString());
            assertEquals(apacheConfig, worker.json("/connectors/seq/config"), worker.toString());
        }
        Map<Integer, Long> highest = SequenceTopic.highest(c.records("takeover-seq"));
        c.awaitProgress("takeover-seq", 3, highest, Duration.ofSeconds(30));

        // The first number each task wrote under the new workers is the one after Apache's committed offset.
        Set<Long> newPids = c.live().stream().map(ClusterWorker::pid).collect(Collectors.toSet());
        Map<Integer, Long> resumedAt = new TreeMap<>();
        for (SequenceTopic.Rec r : c.records("takeover-seq")) {
            if (newPids.contains(r.pid())) {
                resumedAt.putIfAbsent(r.task(), r.seq());
            }
        }
        Map<Integer, Long> expected = new TreeMap<>();
        committed.forEach((task, seq) -> expected.put(task, seq + 1));
        assertEquals(expected, resumedAt, "where the tasks resumed, against Apache's committed offsets " + committed);
        c.assertNoLoss("seq", "takeover-seq", 3);
    }
}
