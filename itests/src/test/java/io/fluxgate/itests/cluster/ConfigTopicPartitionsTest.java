package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
        c.createTopic(c.configTopic(), 2);
        ClusterWorker worker = c.launch();
        boolean exited = worker.process().waitFor(90, TimeUnit.SECONDS);
        String output = worker.output();
        assertTrue(exited, "the worker still runs 90 s after start on a config topic of 2 partitions; GET /connectors"
                + " answers " + worker.status("/connectors") + "\n" + worker.tail(30));
        assertNotEquals(0, worker.process().exitValue(), "exit status");
        assertTrue(output.contains(c.configTopic()) && output.toLowerCase().contains("partition"),
                "the worker's output names the topic " + c.configTopic() + " and its partitions:\n"
                        + worker.tail(30));
        worker.stop(Duration.ofSeconds(1));
    }
}
