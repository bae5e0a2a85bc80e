package io.fluxgate.rest.resources;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.common.utils.AppInfoParser;

import io.fluxgate.api.worker.WorkerHealth;
import io.fluxgate.api.worker.WorkerInfo;
import io.fluxgate.rest.entities.ServerInfo;
import io.fluxgate.rest.entities.WorkerStatus;

/** {@code GET /} and {@code GET /health}. Both answer before the worker is there. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class RootResource {

    private final Supplier<Optional<WorkerInfo>> worker;

    public RootResource(Supplier<Optional<WorkerInfo>> worker) {
        this.worker = worker;
    }

    /** The Kafka Connect version whose API is served is the Kafka release on the class path. */
    @GET
    public ServerInfo serverInfo() {
        String clusterId = worker.get().flatMap(WorkerInfo::kafkaClusterId).orElse(null);
        return new ServerInfo(AppInfoParser.getVersion(), AppInfoParser.getCommitId(), clusterId);
    }

    /** 200 when the worker is healthy, 503 while it is starting (or not there yet), 500 when it is unhealthy. */
    @GET
    @Path("health")
    public Response health() {
        WorkerHealth health = worker.get().map(WorkerInfo::health).orElseGet(WorkerHealth::starting);
        Response.Status status = switch (health.status()) {
            case STARTING -> Response.Status.SERVICE_UNAVAILABLE;
            case HEALTHY -> Response.Status.OK;
            case UNHEALTHY -> Response.Status.INTERNAL_SERVER_ERROR;
        };
        return Response.status(status).entity(WorkerStatus.of(health)).build();
    }
}
