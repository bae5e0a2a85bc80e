package io.fluxgate.api.herder;

import java.util.Optional;

/**
 * The request must be made on another worker of the cluster: a write on the leader (which alone writes the config
 * topic), a plain connector or task restart on the worker that runs it. The REST API forwards the request to
 * {@link #targetUrl()} and relays the answer unchanged; without a known target (a rebalance is under way) it answers
 * 409, as Kafka Connect does.
 *
 * @since 1.2
 */
public class ForwardRequestException extends HerderException {

    private static final long serialVersionUID = 1L;

    private final String targetUrl;

    /**
     * @param targetUrl the advertised REST URL of the worker to forward to (for example {@code http://host:8083/}),
     *        or null when none is known
     */
    public ForwardRequestException(String targetUrl, String message) {
        super(409, message);
        this.targetUrl = targetUrl;
    }

    /** The advertised REST URL of the worker that can answer, if one is known now. */
    public Optional<String> targetUrl() {
        return Optional.ofNullable(targetUrl);
    }

    /** A write this worker cannot make because it is not the leader. */
    public static ForwardRequestException toLeader(String leaderUrl) {
        return new ForwardRequestException(leaderUrl,
                "Cannot complete request because this worker is not the leader; the leader is " + leaderUrl);
    }
}
