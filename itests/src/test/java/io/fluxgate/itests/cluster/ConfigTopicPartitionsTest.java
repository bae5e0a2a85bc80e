package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A config topic with more than one partition cannot keep connector configurations in order: the worker refuses to
 * start, and says which topic, as Kafka Connect does ("Topic '...' supplied via the 'config.storage.topic' property is
 * required to have a single partition...").
 */
class ConfigTopicPartitionsTest extends ClusterTestSupport {

    @Test
    void aConfigTopicWithTwoPartitionsIsRefusedByName() throws Exception {
        WorkerCluster c = cluster("two-partition-configs");
        // Compacted, as a config topic must be: the partition count is the only fault.
        c.createTopic(c.configTopic(), 2, Map.of("cleanup.policy", "compact"));
        ClusterWorker worker = c.launch();
        boolean exited = worker.process().waitFor(90, TimeUnit.SECONDS);
        String output = worker.output();
        assertTrue(exited, "the worker still runs 90 s after start on a config topic of 2 partitions; GET /connectors"
                + " answers " + worker.status("/connectors") + "\n" + worker.tail(30));
        assertNotEquals(0, worker.process().exitValue(), "exit status");
        assertTrue(output.lines().anyMatch(line -> line.contains(c.configTopic())
                        && line.contains("config.storage.topic") && line.contains("partition")),
                "a line of the worker's output names the topic " + c.configTopic() + ", config.storage.topic and"
                        + " its partitions:\n" + worker.tail(30));
        worker.stop(Duration.ofSeconds(1));
    }
}
