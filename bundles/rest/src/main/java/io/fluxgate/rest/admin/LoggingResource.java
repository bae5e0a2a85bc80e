package io.fluxgate.rest.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.boot.logging.LoggerLevels;
import io.fluxgate.rest.resources.HerderCalls;

/**
 * {@code /admin/loggers}: Kafka Connect's logging endpoints, with its answers, including its oddities (an invalid
 * level is 404). The levels are the launcher's logging backend's: a change takes effect at once on this worker.
 *
 * <p>Scope {@code cluster} is the herder's (KIP-976): a distributed worker writes the level to the config topic and
 * every worker applies it; a standalone worker, the whole cluster, applies it at once. Answered 204, as Kafka Connect
 * answers. Without the launcher's service (a bare framework) the resource answers as Kafka Connect without a
 * supported logging backend: no loggers, every level {@code OFF}, only {@code OFF} accepted.
 */
@Path("/admin/loggers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class LoggingResource {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingResource.class);
    private static final String WORKER_SCOPE = "worker";
    private static final String CLUSTER_SCOPE = "cluster";

    private final Supplier<Optional<LoggerLevels>> levels;
    private final Supplier<Optional<Herder>> herder;

    public LoggingResource(Supplier<Optional<LoggerLevels>> levels, Supplier<Optional<Herder>> herder) {
        this.levels = levels;
        this.herder = herder;
    }

    /** The known loggers and their levels, by name. */
    @GET
    public Map<String, LoggerLevelInfo> listLoggers() {
        Map<String, LoggerLevelInfo> all = new LinkedHashMap<>();
        levels.get().ifPresent(l -> l.all().forEach((name, level) -> all.put(name, LoggerLevelInfo.of(level))));
        return all;
    }

    @GET
    @Path("{logger}")
    public LoggerLevelInfo getLogger(@PathParam("logger") String logger) {
        Optional<LoggerLevels> backend = levels.get();
        if (backend.isEmpty()) {
            return new LoggerLevelInfo("OFF", 0L);
        }
        return backend.get().level(logger).map(LoggerLevelInfo::of)
                .orElseThrow(() -> new HerderException(404, "Logger " + logger + " not found."));
    }

    @PUT
    @Path("{logger}")
    public Response setLevel(@PathParam("logger") String namespace, Map<String, String> body,
            @DefaultValue(WORKER_SCOPE) @QueryParam("scope") String scope) {
        String requested = body == null ? null : body.get("level");
        if (requested == null) {
            throw new HerderException(400, "Desired 'level' parameter was not specified in request.");
        }
        String level = requested.toUpperCase(Locale.ROOT);
        Optional<LoggerLevels> backend = levels.get();
        boolean valid = backend.map(l -> l.isValidLevel(level)).orElse("OFF".equals(level));
        if (!valid) {
            throw new HerderException(404, "invalid log level '" + requested + "'.");
        }
        if (CLUSTER_SCOPE.equals(scope.toLowerCase(Locale.ROOT))) {
            HerderCalls.await(HerderCalls.herder(herder).setClusterLoggerLevel(namespace, level));
            return Response.noContent().build();
        }
        if (!WORKER_SCOPE.equals(scope.toLowerCase(Locale.ROOT))) {
            LOG.warn("Received invalid scope '{}' in request to adjust logging level; will default to {}", scope,
                    WORKER_SCOPE);
        }
        return Response.ok(backend.map(l -> l.setLevel(namespace, level)).orElse(List.of())).build();
    }
}
