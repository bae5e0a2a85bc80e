package io.fluxgate.runtime.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ForwardRequestException;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/**
 * Three distributed herders in one JVM on the shared broker, each with its own worker: one cluster that balances
 * connectors and tasks, forwards writes to its leader, hands task configurations from followers to the leader over
 * signed HTTP, shows every status from every worker, and moves the work of a worker that goes away.
 */
class DistributedHerderTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins(
            TestSourceConnector.class);

    @Test
    void oneClusterBalancesForwardsAndReachesTasksOnEveryWorker() throws Exception {
        try (TestCluster cluster = new TestCluster(registry)) {
            for (int i = 0; i < 3; i++) {
                cluster.start();
            }
            TestCluster.Member leader = awaitLeader(cluster);

            // Writes on a follower are refused, naming the leader 
            for (TestCluster.Member member : cluster.members()) {
                if (member != leader) {
                    Throwable refused = failure(member.herder().putConnectorConfig("refused", config(1), null,
                            false));
                    ForwardRequestException forward = assertInstanceOf(ForwardRequestException.class, refused);
                    assertEquals(leader.url(), forward.targetUrl().orElseThrow());
                }
            }

            // Three connectors of four tasks: one connector per worker, so followers generate task configs too
            List<String> names = List.of("alpha", "beta", "gamma");
            for (String name : names) {
                assertTrue(get(leader.herder().putConnectorConfig(name, config(4), null, false)).created());
            }
            for (String name : names) {
                awaitAllRunning(cluster, name, 4);
            }
            Set<String> workersRunningTasks = new HashSet<>();
            for (String name : names) {
                cluster.members().get(0).herder().connectorStatus(name).tasks().values()
                        .forEach(task -> workersRunningTasks.add(task.workerId()));
            }
            assertEquals(3, workersRunningTasks.size(), "tasks run on every worker");
            for (TestCluster.Member member : cluster.members()) {
                long tasks = member.worker().taskIds().size();
                assertTrue(tasks >= 3 && tasks <= 5, "balanced: 12 tasks on 3 workers, " + tasks + " here");
            }
            assertTrue(leader.taskConfigRequests().get() > 0,
                    "followers handed their connectors' task configs to the leader over HTTP");
            assertEquals(0, cluster.members().stream().filter(m -> m != leader)
                    .mapToInt(m -> m.taskConfigRequests().get()).sum(), "only the leader is asked");

            // The internal request must be signed with the session key
            assertStatus(400, leader.herder().putTaskConfigs("alpha", List.of(Map.of()), null));
            byte[] body = "[{}]".getBytes(StandardCharsets.UTF_8);
            assertStatus(403, leader.herder().putTaskConfigs("alpha", List.of(Map.of()),
                    new RequestSignature("HmacSHA256", new byte[32], body)));
            assertStatus(403, leader.herder().putTaskConfigs("alpha", List.of(Map.of()),
                    new RequestSignature("HmacMD5", new byte[16], body)));

            // Pause and resume through a follower reach the tasks on every worker
            TestCluster.Member follower = cluster.members().stream().filter(m -> m != leader).findFirst()
                    .orElseThrow();
            get(follower.herder().pauseConnector("alpha"));
            awaitState(cluster, "alpha", 4, State.PAUSED);
            get(follower.herder().resumeConnector("alpha"));
            awaitAllRunning(cluster, "alpha", 4);

            // A restart request written by the leader restarts the tasks wherever they run
            ConnectorStateInfo plan = get(leader.herder().restartConnectorAndTasks("beta", false, true));
            assertEquals(State.RESTARTING, plan.connector().state());
            plan.tasks().values().forEach(task -> assertEquals(State.RESTARTING, task.state()));
            awaitAllRunning(cluster, "beta", 4);

            // Delete reaches every worker
            get(leader.herder().deleteConnector("gamma"));
            until("gamma is gone everywhere", () -> cluster.members().stream().allMatch(m ->
                    !m.herder().connectors().contains("gamma") && m.worker().taskIds().stream()
                            .noneMatch(t -> t.connector().equals("gamma"))
                            && !m.worker().connectorNames().contains("gamma")));
        }
    }

    @Test
    void theWorkOfAWorkerThatGoesAwayIsReassigned() throws Exception {
        try (TestCluster cluster = new TestCluster(registry)) {
            for (int i = 0; i < 3; i++) {
                cluster.start();
            }
            TestCluster.Member leader = awaitLeader(cluster);
            get(leader.herder().putConnectorConfig("survivor", config(6), null, false));
            awaitAllRunning(cluster, "survivor", 6);

            // The leader goes away without leaving the group, as a killed worker
            long stopped = System.nanoTime();
            cluster.stop(leader);
            String gone = leader.url().replace("http://", "").replace("/", "");
            until("every task runs on the remaining workers", () -> cluster.members().stream()
                    .mapToInt(m -> m.worker().taskIds().size()).sum() == 6);
            awaitState(cluster, "survivor", 6, State.RUNNING, gone);
            double seconds = (System.nanoTime() - stopped) / 1e9;
            assertTrue(seconds < 20, "tasks back within the session timeout and a rebalance: " + seconds + " s");
            assertEquals(6, cluster.members().stream().mapToInt(m -> m.worker().taskIds().size()).sum(),
                    "each task runs exactly once");
        }
    }

    /**
     * A stall is written to the status topic like any status: every worker shows the task RUNNING with the reason as
     * its trace, whichever worker runs it, and the trace goes everywhere once the task moves again.
     */
    @Test
    void aStalledTaskIsSeenStalledFromEveryWorker() throws Exception {
        TestSourceConnector.RELEASE = new CountDownLatch(1);
        try (TestCluster cluster = new TestCluster(registry, "fluxgate.task.stall.timeout.ms", "1500")) {
            cluster.start();
            cluster.start();
            TestCluster.Member leader = awaitLeader(cluster);
            get(leader.herder().putConnectorConfig("stuck", Map.of("connector.class", "TestSourceConnector",
                    "tasks.max", "2", "mode", "hang-poll"), null, false));
            until("both tasks are stalled as seen from every worker", () -> cluster.members().stream()
                    .allMatch(m -> stalledTasks(m, "stuck") == 2));
            Set<String> workers = new HashSet<>();
            leader.herder().connectorStatus("stuck").tasks().values().forEach(task -> {
                assertEquals(State.RUNNING, task.state());
                assertTrue(task.trace().startsWith("Stalled: poll() has not returned for over 1.5 s"), task.trace());
                workers.add(task.workerId());
            });
            assertEquals(2, workers.size(), "one task on each worker: " + workers);

            TestSourceConnector.RELEASE.countDown();
            until("no task is stalled as seen from every worker", () -> cluster.members().stream()
                    .allMatch(m -> stalledTasks(m, "stuck") == 0));
            awaitAllRunning(cluster, "stuck", 2);
        } finally {
            TestSourceConnector.RELEASE.countDown();
        }
    }

    /**
     * A task hung in start() has no status of its own until then: once past the stall timeout it is written to the
     * status topic UNASSIGNED with the stall as its trace, seen so from every worker, and RUNNING once it starts.
     */
    @Test
    void aTaskStalledInStartIsSeenUnassignedFromEveryWorker() throws Exception {
        TestSourceConnector.RELEASE = new CountDownLatch(1);
        try (TestCluster cluster = new TestCluster(registry, "fluxgate.task.stall.timeout.ms", "1500")) {
            cluster.start();
            cluster.start();
            TestCluster.Member leader = awaitLeader(cluster);
            get(leader.herder().putConnectorConfig("starting", Map.of("connector.class", "TestSourceConnector",
                    "tasks.max", "2", "mode", "hang-task-start"), null, false));
            until("both tasks are seen stalled in start() from every worker", () -> cluster.members().stream()
                    .allMatch(m -> m.herder().connectorStatus("starting").tasks().values().stream()
                            .filter(task -> task.state() == State.UNASSIGNED && task.trace() != null
                                    && task.trace().startsWith("Stalled: initialize() or start() has not returned"))
                            .count() == 2));
            TestSourceConnector.RELEASE.countDown();
            awaitAllRunning(cluster, "starting", 2);
            assertEquals(0, leader.herder().connectorStatus("starting").tasks().values().stream()
                    .filter(task -> task.trace() != null).count(), "started: no trace left");
        } finally {
            TestSourceConnector.RELEASE.countDown();
        }
    }

    /**
     * A creation through a follower whose connector hangs in validate() is answered 500 at the call deadline, naming
     * the class, the call and the setting, by the worker that received it (validation runs there, before the leader
     * is asked); the leader creates another connector meanwhile at once, and once released the same configuration is
     * created.
     */
    @Test
    void aCreationHungInValidateIsAnsweredAtTheDeadlineWhileTheClusterGoesOn() throws Exception {
        TestSourceConnector.RELEASE = new CountDownLatch(1);
        try (TestCluster cluster = new TestCluster(registry, "fluxgate.connector.call.timeout.ms", "2000")) {
            cluster.start();
            cluster.start();
            TestCluster.Member leader = awaitLeader(cluster);
            TestCluster.Member follower = cluster.members().stream().filter(m -> m != leader).findFirst()
                    .orElseThrow();
            Map<String, String> hangs = Map.of("connector.class", "TestSourceConnector", "mode", "hang-validate");
            long started = System.nanoTime();
            CompletionStage<?> hung = follower.herder().putConnectorConfig("validating", hangs, null, false);
            Thread.sleep(200); // the validation has begun
            long beside = System.nanoTime();
            get(leader.herder().putConnectorConfig("beside", Map.of("connector.class", "TestSourceConnector",
                    "mode", "idle"), null, false));
            long besideMs = (System.nanoTime() - beside) / 1_000_000;
            assertTrue(besideMs < 2_000, "another creation beside the hung validation took " + besideMs + " ms");

            Throwable failure = failure(hung);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            HerderException refused = assertInstanceOf(HerderException.class, failure);
            assertEquals(500, refused.status());
            assertEquals("Connector class " + TestSourceConnector.class.getName() + " did not return from validate() "
                    + "within 2000 ms (fluxgate.connector.call.timeout.ms); the call was abandoned",
                    refused.getMessage());
            System.out.printf("distributed: hung creation answered 500 in %d ms, the other created in %d ms%n",
                    tookMs, besideMs);
            assertTrue(tookMs >= 1_900 && tookMs < 3_500, "answered in " + tookMs + " ms");
            assertTrue(cluster.members().stream().noneMatch(m -> m.herder().connectors().contains("validating")));

            TestSourceConnector.RELEASE.countDown();
            get(leader.herder().putConnectorConfig("validating", hangs, null, false));
            until("created once released, seen from every worker", () -> cluster.members().stream()
                    .allMatch(m -> m.herder().connectors().contains("validating")));
        } finally {
            TestSourceConnector.RELEASE.countDown();
        }
    }

    private static long stalledTasks(TestCluster.Member member, String connector) {
        return member.herder().connectorStatus(connector).tasks().values().stream()
                .filter(task -> task.state() == State.RUNNING && task.trace() != null).count();
    }

    private static Map<String, String> config(int tasks) {
        return Map.of("connector.class", "TestSourceConnector", "tasks.max", Integer.toString(tasks),
                "mode", "idle");
    }

    /**
     * The leader once every worker agrees on it, probed without side effects: the leader alone answers a delete of
     * an unknown connector with 404; the others refuse it, naming the leader.
     */
    private static TestCluster.Member awaitLeader(TestCluster cluster) {
        TestCluster.Member[] found = new TestCluster.Member[1];
        until("the workers agree on a leader", () -> {
            TestCluster.Member leader = null;
            Set<String> named = new HashSet<>();
            for (TestCluster.Member member : cluster.members()) {
                Throwable answer = failure(member.herder().deleteConnector("no-such-connector"));
                if (answer instanceof ForwardRequestException forward) {
                    named.add(forward.targetUrl().orElse("none"));
                } else if (answer instanceof HerderException h && h.status() == 404) {
                    if (leader != null) {
                        return false;
                    }
                    leader = member;
                }
            }
            found[0] = leader;
            return leader != null && (named.isEmpty() || named.equals(Set.of(leader.url())));
        });
        return found[0];
    }

    private static void awaitAllRunning(TestCluster cluster, String connector, int tasks) {
        awaitState(cluster, connector, tasks, State.RUNNING, null);
    }

    private static void awaitState(TestCluster cluster, String connector, int tasks, State state) {
        awaitState(cluster, connector, tasks, state, null);
    }

    /** Every worker shows the connector and its tasks in {@code state}, none of them on worker {@code not}. */
    private static void awaitState(TestCluster cluster, String connector, int tasks, State state, String not) {
        until(connector + " and its " + tasks + " tasks are " + state + " as seen from every worker", () -> {
            for (TestCluster.Member member : cluster.members()) {
                ConnectorStateInfo status = member.herder().connectorStatus(connector);
                if (status.connector().state() != state || status.tasks().size() != tasks) {
                    return false;
                }
                if (status.connector().workerId().equals(not)) {
                    return false;
                }
                for (InstanceState task : status.tasks().values()) {
                    if (task.state() != state || task.workerId().equals(not)) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    private static void until(String what, BooleanSupplier condition) {
        Await.until(what, PATIENCE, () -> {
            try {
                return condition.getAsBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static void assertStatus(int status, CompletionStage<?> stage) {
        Throwable failure = failure(stage);
        HerderException refused = assertInstanceOf(HerderException.class, failure);
        assertEquals(status, refused.status(), refused.getMessage());
    }

    private static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return fail(e);
        }
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
