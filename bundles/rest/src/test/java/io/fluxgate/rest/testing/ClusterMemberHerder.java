package io.fluxgate.rest.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.fluxgate.api.herder.ForwardRequestException;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.RequestSignature;

/**
 * The herder of one worker of a cluster, over an {@link InMemoryHerder}: as the leader it runs every request (and
 * records the task configurations handed to it); as a follower it fails the requests Kafka Connect runs elsewhere
 * with a {@link ForwardRequestException} naming the worker to forward to, or none while "a rebalance is under way".
 * Reads, pause and resume are always answered from its own state.
 */
public final class ClusterMemberHerder implements InvocationHandler {

    /** A config key the leader refuses, with Kafka's message for an invalid configuration. */
    public static final String INVALID_KEY = "invalid.key";

    private static final Set<String> ELSEWHERE = Set.of("putConnectorConfig", "deleteConnector", "stopConnector",
            "restartConnector", "restartTask", "restartConnectorAndTasks", "alterConnectorOffsets",
            "resetConnectorOffsets", "putTaskConfigs");

    private final InMemoryHerder state = new InMemoryHerder();
    private final List<TaskConfigsWrite> taskConfigsWrites = new ArrayList<>();
    private final Herder herder = (Herder) Proxy.newProxyInstance(Herder.class.getClassLoader(),
            new Class<?>[] {Herder.class}, this);
    private volatile boolean leader = true;
    private volatile String target;

    /** What the leader was handed by {@code POST /connectors/{c}/tasks}. */
    public record TaskConfigsWrite(String connector, List<Map<String, String>> taskConfigs,
            RequestSignature signature) {
    }

    public Herder herder() {
        return herder;
    }

    /** The worker's own connectors, configurations and the calls that ran here. */
    public InMemoryHerder state() {
        return state;
    }

    public void lead() {
        leader = true;
        target = null;
    }

    /** Requests that must run elsewhere go to {@code url}, or nowhere known when it is null. */
    public void follow(String url) {
        leader = false;
        target = url;
    }

    public synchronized List<TaskConfigsWrite> taskConfigsWrites() {
        return List.copyOf(taskConfigsWrites);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (!leader && ELSEWHERE.contains(name)) {
            return CompletableFuture.failedFuture(target == null
                    ? new ForwardRequestException(null, "No leader is known")
                    : ForwardRequestException.toLeader(target));
        }
        if (name.equals("putTaskConfigs")) {
            synchronized (this) {
                taskConfigsWrites.add(new TaskConfigsWrite((String) args[0], (List<Map<String, String>>) args[1],
                        (RequestSignature) args[2]));
            }
            return CompletableFuture.completedFuture(null);
        }
        if (name.equals("putConnectorConfig") && ((Map<String, String>) args[1]).containsKey(INVALID_KEY)) {
            return CompletableFuture.failedFuture(new HerderException(400, "Connector configuration is invalid and "
                    + "contains the following 1 error(s):\nInvalid value x for configuration " + INVALID_KEY
                    + "\nYou can also find the above list of errors at the endpoint "
                    + "`/connector-plugins/{connectorType}/config/validate`"));
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        try {
            return method.invoke(state, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
