package io.fluxgate.cluster;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * One worker's membership of the Connect group, driven by one thread of the herder (the "tick" thread), which calls
 * {@link #poll}, {@link #requestRejoin}, {@link #leave} and {@link #close}; the {@link RebalanceListener} hears of
 * revocations and assignments inside those calls, on that thread. {@link #wakeup()} and the queries are safe from any
 * thread.
 *
 * <p>Lifecycle: created by {@link GroupMemberFactory}, it joins on the first poll, takes part in rebalances while the
 * herder keeps polling (a background thread heart-beats in between, for up to {@code rebalance.timeout.ms} without a
 * poll), and ends with {@link #close()}. The follow-up rebalances the protocol needs (after revocations, after the
 * leader's delay for departed workers, after a failed assignment) are requested by the member itself.
 */
@ProviderType
public interface GroupMember {

    /**
     * Takes part in the group for up to {@code timeout}: joins or rejoins when needed (running the assignor when this
     * worker leads), heart-beats, and delivers revocations and assignments to the listener. Returns when the timeout
     * has passed, right after an assignment was delivered, or when {@link #wakeup()} was called. A rebalance under way
     * is completed first, so a poll can last longer than {@code timeout} (up to {@code rebalance.timeout.ms}, or
     * until {@link #wakeup()} while the coordinator cannot be reached).
     *
     * @throws org.apache.kafka.common.KafkaException when the group refuses the worker for good (for example
     *         {@link org.apache.kafka.common.errors.GroupAuthorizationException})
     */
    void poll(Duration timeout);

    /** Completes any pending rebalance without waiting further: {@code poll(Duration.ZERO)}. */
    void ensureActive();

    /** Makes a {@link #poll} in progress, or the next one, return at once. Any thread. */
    void wakeup();

    /**
     * Asks for a rebalance at the next poll: after the configured connectors or task counts changed (the leader must
     * assign again), or when the worker's config view does not match its assignment's offset.
     */
    void requestRejoin(String reason);

    /**
     * Whether this worker may still count itself in the group, and its tasks write: false once longer than
     * {@code session.timeout.ms} has passed since the group coordinator last answered it (its process was frozen, or
     * cut off), by which time the group may have given its work to others; true again once the group has delivered it
     * an assignment (what runs elsewhere revoked first). Tasks ask before every write, so that those of a worker
     * waking from a freeze write nothing beside their replacements. Any thread; cheap (a clock read).
     *
     * @since 1.1
     */
    boolean inTouch();

    /** This worker's member id in the group, or empty before it first joined. */
    String memberId();

    /** The generation of the last completed rebalance, or -1 before the first. */
    int generation();

    /** The last assignment delivered, empty before the first or after the worker lost touch with the group. */
    Optional<Assignment> assignment();

    /** Whether the last assignment was made by this worker. */
    boolean isLeader();

    /** The leader's REST URL from the last assignment. */
    Optional<String> leaderUrl();

    /**
     * Where the connector runs, by its worker's REST URL, as the leader assigned it in the last rebalance. Only the
     * leader knows; empty on other workers, during a rebalance, and for unassigned connectors.
     */
    Optional<String> ownerUrl(String connector);

    /** Where the task runs; as {@link #ownerUrl(String)}. */
    Optional<String> ownerUrl(ConnectorTaskId task);

    /** The sub-protocol of the current generation (the configured one before the first rebalance). */
    GroupProtocol protocol();

    /**
     * Hands everything the worker owns to {@link RebalanceListener#onRevoked}, then leaves the group, so that the
     * others rebalance at once and take the work over; the next poll joins again as a new, empty member. For a worker
     * that falls out of sync and backs off, or that is removed for good (scale down). On the polling thread.
     */
    void leave(String reason);

    /**
     * Hands everything the worker owns to {@link RebalanceListener#onRevoked}, then stops heart-beating and closes the
     * connections. With {@code scheduled.rebalance.max.delay.ms} unset (Fluxgate's default) the worker does not leave
     * the group, unless it is its only member: the group treats a stopped worker as a killed one, reassigning its work
     * one {@code session.timeout.ms} after it was last heard from, and a worker restarted within that time gets its
     * work back in a single move. With the delay set, it leaves, as an Apache worker does, and its work waits for
     * that delay. On the polling thread; closing twice does nothing.
     */
    void close();
}
