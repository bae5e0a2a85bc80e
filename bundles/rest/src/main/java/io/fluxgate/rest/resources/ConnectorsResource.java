package io.fluxgate.rest.resources;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.PutResult;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.rest.entities.ConnectorEntities.CreateRequest;
import io.fluxgate.rest.entities.ConnectorEntities.Info;
import io.fluxgate.rest.entities.ConnectorEntities.Status;
import io.fluxgate.rest.entities.ConnectorEntities.Task;
import io.fluxgate.rest.entities.ConnectorEntities.TaskState;
import io.fluxgate.rest.forwarding.Forwardable;

/**
 * {@code /connectors}: translates each request into one herder call and the herder's answer into Kafka Connect's
 * status codes and bodies. Refusals travel as {@link HerderException}s, mapped to the error body. In a cluster, the
 * {@link Forwardable} ones are forwarded to the worker that can answer them (writes to the leader, plain restarts to
 * the worker running the instance); reads, pause and resume are answered here.
 */
@Path("/connectors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ConnectorsResource {

    private final Supplier<Optional<Herder>> herder;

    public ConnectorsResource(Supplier<Optional<Herder>> herder) {
        this.herder = herder;
    }

    @GET
    public Response list(@QueryParam("expand") List<String> expand) {
        Herder h = herder();
        if (expand == null || expand.isEmpty()) {
            return Response.ok(h.connectors()).build();
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String connector : h.connectors()) {
            try {
                Map<String, Object> expansions = new LinkedHashMap<>();
                for (String expansion : expand) {
                    switch (expansion) {
                        case "status" -> expansions.put("status", Status.of(h.connectorStatus(connector)));
                        case "info" -> expansions.put("info", Info.of(h.connectorInfo(connector)));
                        default -> { } // Kafka Connect ignores unknown expansions
                    }
                }
                out.put(connector, expansions);
            } catch (HerderException e) {
                // Deleted while listed: leave it out, as Kafka Connect does.
            }
        }
        return Response.ok(out).build();
    }

    @Forwardable
    @POST
    public Response create(CreateRequest request) {
        if (request == null) {
            throw new HerderException(400, "Request body is missing");
        }
        String name = request.name() == null ? "" : request.name().trim();
        Map<String, String> config = withName(name, request.config());
        TargetState initial = initialState(request.initialState());
        PutResult result = await(herder().putConnectorConfig(name, config, initial, false));
        return Response.created(location(name)).entity(Info.of(result.info())).build();
    }

    @GET
    @Path("{connector}")
    public Info get(@PathParam("connector") String connector) {
        return Info.of(herder().connectorInfo(connector));
    }

    @GET
    @Path("{connector}/config")
    public Map<String, String> config(@PathParam("connector") String connector) {
        return herder().connectorConfig(connector);
    }

    @Forwardable
    @PUT
    @Path("{connector}/config")
    public Response putConfig(@PathParam("connector") String connector, Map<String, String> config) {
        PutResult result = await(herder().putConnectorConfig(connector, withName(connector, config),
                TargetState.STARTED, true));
        Response.ResponseBuilder response = result.created() ? Response.created(location(connector)) : Response.ok();
        return response.entity(Info.of(result.info())).build();
    }

    /** Merges the body into the stored configuration; a JSON null removes the key. */
    @Forwardable
    @PATCH
    @Path("{connector}/config")
    public Response patchConfig(@PathParam("connector") String connector, Map<String, String> patch) {
        if (patch == null) {
            throw new HerderException(400, "Request body is missing");
        }
        Herder h = herder();
        Map<String, String> merged = new LinkedHashMap<>(h.connectorConfig(connector)); // new keys go last
        patch.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        PutResult result = await(h.putConnectorConfig(connector, withName(connector, merged), TargetState.STARTED,
                true));
        return Response.ok(Info.of(result.info())).build();
    }

    @GET
    @Path("{connector}/status")
    public Status status(@PathParam("connector") String connector) {
        return Status.of(herder().connectorStatus(connector));
    }

    @GET
    @Path("{connector}/tasks")
    public List<Task> tasks(@PathParam("connector") String connector) {
        return herder().taskConfigs(connector).stream().map(Task::of).toList();
    }

    @GET
    @Path("{connector}/tasks/{task}/status")
    public TaskState taskStatus(@PathParam("connector") String connector, @PathParam("task") int task) {
        return TaskState.of(task, herder().taskStatus(new ConnectorTaskId(connector, task)));
    }

    @Forwardable
    @POST
    @Path("{connector}/restart")
    public Response restart(@PathParam("connector") String connector,
            @DefaultValue("false") @QueryParam("includeTasks") boolean includeTasks,
            @DefaultValue("false") @QueryParam("onlyFailed") boolean onlyFailed) {
        Herder h = herder();
        if (!includeTasks && !onlyFailed) {
            await(h.restartConnector(connector));
            return Response.noContent().build();
        }
        return Response.accepted(Status.of(await(h.restartConnectorAndTasks(connector, onlyFailed, includeTasks))))
                .build();
    }

    @Forwardable
    @POST
    @Path("{connector}/tasks/{task}/restart")
    public Response restartTask(@PathParam("connector") String connector, @PathParam("task") int task) {
        await(herder().restartTask(new ConnectorTaskId(connector, task)));
        return Response.noContent().build();
    }

    @PUT
    @Path("{connector}/pause")
    public Response pause(@PathParam("connector") String connector) {
        await(herder().pauseConnector(connector));
        return Response.accepted().build();
    }

    @PUT
    @Path("{connector}/resume")
    public Response resume(@PathParam("connector") String connector) {
        await(herder().resumeConnector(connector));
        return Response.accepted().build();
    }

    @Forwardable
    @PUT
    @Path("{connector}/stop")
    public Response stop(@PathParam("connector") String connector) {
        await(herder().stopConnector(connector));
        return Response.noContent().build();
    }

    @Forwardable
    @DELETE
    @Path("{connector}")
    public Response delete(@PathParam("connector") String connector) {
        await(herder().deleteConnector(connector));
        return Response.noContent().build();
    }

    private Herder herder() {
        return HerderCalls.herder(herder);
    }

    private static <T> T await(CompletionStage<T> stage) {
        return HerderCalls.await(stage);
    }

    /** The configuration with its {@code name}: filled in when absent, refused when it differs. */
    private static Map<String, String> withName(String name, Map<String, String> config) {
        if (config == null) {
            throw new HerderException(400, "Connector configuration is missing");
        }
        Map<String, String> named = new LinkedHashMap<>(config); // the user's order, the name last when missing
        String included = named.get("name");
        if (included == null) {
            named.put("name", name);
        } else if (!included.equals(name)) {
            throw new HerderException(400, "Connector name configuration (" + included
                    + ") doesn't match connector name in the URL (" + name + ")");
        }
        return named;
    }

    private static TargetState initialState(String state) {
        if (state == null) {
            return TargetState.STARTED;
        }
        return switch (state) {
            case "RUNNING" -> TargetState.STARTED;
            case "PAUSED" -> TargetState.PAUSED;
            case "STOPPED" -> TargetState.STOPPED;
            default -> throw new HerderException(400, "Invalid initial_state " + state
                    + ": must be RUNNING, PAUSED or STOPPED");
        };
    }

    private static URI location(String connector) {
        return UriBuilder.fromUri("/connectors").path(connector).build();
    }
}
