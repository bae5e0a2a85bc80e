package io.fluxgate.runtime.distributed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.PrivilegedWriteException;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.api.storage.SessionKey;

/**
 * The config store as the distributed herder writes it: where exactly-once source support is on, the leader writes
 * through a transactional producer it claims when elected, which a later leader's claim fences (Apache's
 * {@code writeToConfigTopicAsLeader}). A write refused because this worker was fenced is remembered: while this
 * worker is still the leader it claims the privileges again before its next write ({@link #reclaimIfFenced}); once it
 * is not, it lets them go. Every other call passes through.
 */
final class PrivilegedConfigStore implements ConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(PrivilegedConfigStore.class);

    private final ConfigStore store;
    private volatile boolean fenced;

    PrivilegedConfigStore(ConfigStore store) {
        this.store = store;
    }

    /** The group elected this worker leader: it claims the config topic (a no-op without exactly-once support). */
    void claimAsLeader() {
        try {
            store.claimWritePrivileges();
            fenced = false;
        } catch (RuntimeException e) {
            fenced = true;
            LOG.error("Unable to claim write privileges for config topic after being elected leader during "
                    + "rebalance", e);
        }
    }

    /** Each tick: false when this leader, fenced, could not claim the topic back (the caller backs off). */
    boolean reclaimIfFenced(boolean leader) {
        if (!fenced) {
            return true;
        }
        if (!leader) {
            // Fenced because another worker was elected leader, as it should be: nothing to take back.
            fenced = false;
            return true;
        }
        try {
            LOG.debug("Reclaiming write privileges for config topic after being fenced out");
            store.claimWritePrivileges();
            fenced = false;
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Unable to claim write privileges for config topic. Will backoff and possibly retry if still "
                    + "the leader", e);
            return false;
        }
    }

    private void privileged(Runnable write) {
        try {
            write.run();
        } catch (PrivilegedWriteException e) {
            LOG.warn("Failed to write to config topic as leader; will rejoin group if necessary and, if still "
                    + "leader, attempt to reclaim write privileges for the config topic", e);
            fenced = true;
            throw new ConnectException("Failed to write to config topic; this may be due to a transient error and "
                    + "the request can be safely retried", e);
        }
    }

    @Override
    public void putConnectorConfig(String connector, Map<String, String> config, TargetState targetState) {
        privileged(() -> store.putConnectorConfig(connector, config, targetState));
    }

    @Override
    public void removeConnectorConfig(String connector) {
        privileged(() -> store.removeConnectorConfig(connector));
    }

    @Override
    public void putTaskConfigs(String connector, List<Map<String, String>> taskConfigs) {
        privileged(() -> store.putTaskConfigs(connector, taskConfigs));
    }

    @Override
    public void putTaskCountRecord(String connector, int taskCount) {
        privileged(() -> store.putTaskCountRecord(connector, taskCount));
    }

    @Override
    public void putSessionKey(SessionKey key) {
        privileged(() -> store.putSessionKey(key));
    }

    @Override
    public void putRestartRequest(RestartRequest request) {
        privileged(() -> store.putRestartRequest(request));
    }

    @Override
    public void putTargetState(String connector, TargetState state) {
        privileged(() -> store.putTargetState(connector, state));
    }

    @Override
    public void putLoggerLevel(String namespace, String level) {
        store.putLoggerLevel(namespace, level);
    }

    @Override
    public void claimWritePrivileges() {
        claimAsLeader();
    }

    @Override
    public void start() {
        store.start();
    }

    @Override
    public void stop() {
        store.stop();
    }

    @Override
    public ConfigSnapshot snapshot() {
        return store.snapshot();
    }

    @Override
    public void refresh(Duration timeout) throws TimeoutException {
        store.refresh(timeout);
    }

    @Override
    public void addListener(ConfigListener listener) {
        store.addListener(listener);
    }

    @Override
    public void removeListener(ConfigListener listener) {
        store.removeListener(listener);
    }
}
