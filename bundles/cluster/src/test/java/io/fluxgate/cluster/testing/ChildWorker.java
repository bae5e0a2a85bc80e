package io.fluxgate.cluster.testing;

import io.fluxgate.broker.testing.SharedBroker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.GroupMember;
import io.fluxgate.cluster.RebalanceListener;
import io.fluxgate.cluster.membership.KafkaGroupMemberFactory;

/**
 * A group member in a process of its own, so that a test can kill it with SIGKILL: no LeaveGroup, no closed session,
 * exactly what the group sees of a worker killed with kill -9. Prints "ASSIGNED generation leader count" after each
 * rebalance.
 *
 * <p>Arguments: bootstrap servers, group id, REST URL, then connector:tasks pairs; group settings come as system
 * properties prefixed "group.".
 */
public final class ChildWorker {

    private ChildWorker() {
    }

    public static void main(String[] args) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", args[0]);
        config.put("group.id", args[1]);
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("group."))
                .forEach(k -> config.put(k.substring("group.".length()), System.getProperty(k)));
        Map<String, Integer> tasks = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] pair = args[i].split(":");
            tasks.put(pair[0], Integer.parseInt(pair[1]));
        }
        ConfiguredWork work = new ConfiguredWork(1, tasks);
        GroupMember[] member = new GroupMember[1];
        member[0] = new KafkaGroupMemberFactory().create(config, args[2], () -> work, new RebalanceListener() {
            @Override
            public void onAssigned(Assignment assignment, int generation) {
                System.out.println("ASSIGNED " + generation + " " + member[0].isLeader() + " "
                        + (assignment.connectors().size() + assignment.tasks().size()));
                System.out.flush();
            }

            @Override
            public void onRevoked(String leaderId, Collection<String> connectors,
                    Collection<ConnectorTaskId> revoked) {
            }
        });
        while (true) {
            member[0].poll(Duration.ofSeconds(1));
        }
    }

    /** Starts a child worker with this JVM's class path. */
    public static Process launch(String groupId, String url, Map<String, String> groupSettings,
            Map<String, Integer> tasks) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        groupSettings.forEach((k, v) -> command.add("-Dgroup." + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildWorker.class.getName());
        command.add(SharedBroker.bootstrapServers());
        command.add(groupId);
        command.add(url);
        tasks.forEach((c, n) -> command.add(c + ":" + n));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
