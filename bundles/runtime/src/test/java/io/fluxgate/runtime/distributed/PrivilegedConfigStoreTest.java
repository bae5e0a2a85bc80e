package io.fluxgate.runtime.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.PrivilegedWriteException;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.api.storage.SessionKey;

/**
 * The leader's write privileges as Apache's {@code writeToConfigTopicAsLeader} handles them: a write refused because
 * this worker was fenced answers a retriable error and is remembered; the leader claims the topic again before its
 * next tick's writes (and backs off while it cannot); a worker no longer leader lets the privileges go.
 */
class PrivilegedConfigStoreTest {

    private final FencedStore store = new FencedStore();
    private final PrivilegedConfigStore privileged = new PrivilegedConfigStore(store);

    @Test
    void aFencedWriteIsARetriableErrorAndTheLeaderClaimsAgainAtItsNextTick() {
        privileged.claimAsLeader();
        assertEquals(1, store.claims);
        store.fenced = true;
        ConnectException refused = assertThrows(ConnectException.class,
                () -> privileged.putTaskConfigs("seq", List.of()));
        assertEquals("Failed to write to config topic; this may be due to a transient error and the request can be "
                + "safely retried", refused.getMessage());
        assertInstanceOf(PrivilegedWriteException.class, refused.getCause());

        store.claimFails = true;
        assertFalse(privileged.reclaimIfFenced(true), "could not claim: the herder backs off");
        store.claimFails = false;
        assertTrue(privileged.reclaimIfFenced(true));
        assertEquals(3, store.claims);
        assertTrue(privileged.reclaimIfFenced(true), "claimed: nothing more to do");
        assertEquals(3, store.claims);
    }

    @Test
    void aFencedWorkerThatIsNoLongerLeaderLetsThePrivilegesGo() {
        store.fenced = true;
        assertThrows(ConnectException.class, () -> privileged.putSessionKey(null));
        assertTrue(privileged.reclaimIfFenced(false));
        assertEquals(0, store.claims);
        assertTrue(privileged.reclaimIfFenced(true), "no longer fenced: a later leadership claims afresh");
        assertEquals(0, store.claims);
    }

    @Test
    void writesAnyWorkerMakesAreNotPrivileged() {
        store.fenced = true;
        privileged.putLoggerLevel("org.apache", "DEBUG");
        assertTrue(privileged.reclaimIfFenced(true));
        assertEquals(0, store.claims);
    }

    /** A config store whose privileged writes fail while {@link #fenced}. */
    private static final class FencedStore implements ConfigStore {
        boolean fenced;
        boolean claimFails;
        int claims;

        private void write() {
            if (fenced) {
                throw new PrivilegedWriteException("Failed to perform fencable send to config topic");
            }
        }

        @Override
        public void claimWritePrivileges() {
            claims++;
            if (claimFails) {
                throw new ConnectException("the broker is away");
            }
            fenced = false;
        }

        @Override public void putConnectorConfig(String c, Map<String, String> config, TargetState state) { write(); }
        @Override public void removeConnectorConfig(String connector) { write(); }
        @Override public void putTaskConfigs(String connector, List<Map<String, String>> configs) { write(); }
        @Override public void putTaskCountRecord(String connector, int taskCount) { write(); }
        @Override public void putSessionKey(SessionKey key) { write(); }
        @Override public void putRestartRequest(RestartRequest request) { write(); }
        @Override public void putTargetState(String connector, TargetState state) { }
        @Override public void putLoggerLevel(String namespace, String level) { }
        @Override public void start() { }
        @Override public void stop() { }
        @Override public ConfigSnapshot snapshot() { return ConfigSnapshot.EMPTY; }
        @Override public void refresh(Duration timeout) { }
        @Override public void addListener(ConfigListener listener) { }
        @Override public void removeListener(ConfigListener listener) { }
    }
}
