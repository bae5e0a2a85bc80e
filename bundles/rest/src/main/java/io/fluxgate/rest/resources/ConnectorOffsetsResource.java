package io.fluxgate.rest.resources;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.rest.entities.OffsetEntities.ActiveTopics;
import io.fluxgate.rest.entities.OffsetEntities.Message;
import io.fluxgate.rest.entities.OffsetEntities.Offsets;
import io.fluxgate.rest.forwarding.Forwardable;

/**
 * A connector's offsets (KIP-875) and the topics it used (KIP-558): {@code /connectors/{c}/offsets} and
 * {@code /connectors/{c}/topics}, as Kafka Connect's {@code ConnectorsResource} answers them. Jersey merges this
 * resource with {@link ConnectorsResource}, which has the same root path.
 */
@Path("/connectors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ConnectorOffsetsResource {

    private final Supplier<Optional<Herder>> herder;

    public ConnectorOffsetsResource(Supplier<Optional<Herder>> herder) {
        this.herder = herder;
    }

    @GET
    @Path("{connector}/offsets")
    public Offsets offsets(@PathParam("connector") String connector) {
        return Offsets.of(HerderCalls.await(herder().connectorOffsets(connector)));
    }

    /** Only for a STOPPED connector; {@code "offset": null} resets that partition. */
    @Forwardable
    @PATCH
    @Path("{connector}/offsets")
    public Message alterOffsets(@PathParam("connector") String connector, Offsets offsets) {
        if (offsets == null || offsets.offsets() == null || offsets.offsets().isEmpty()) {
            throw new HerderException(400, "Partitions / offsets need to be provided for an alter offsets request");
        }
        return new Message(HerderCalls.await(herder().alterConnectorOffsets(connector, offsets.toApi())));
    }

    /** Only for a STOPPED connector. */
    @Forwardable
    @DELETE
    @Path("{connector}/offsets")
    public Message resetOffsets(@PathParam("connector") String connector) {
        return new Message(HerderCalls.await(herder().resetConnectorOffsets(connector)));
    }

    /** {@code {"<connector>":{"topics":[..]}}}. */
    @GET
    @Path("{connector}/topics")
    public Map<String, ActiveTopics> topics(@PathParam("connector") String connector) {
        return Map.of(connector, new ActiveTopics(herder().connectorActiveTopics(connector)));
    }

    @PUT
    @Path("{connector}/topics/reset")
    public Response resetTopics(@PathParam("connector") String connector) {
        herder().resetConnectorActiveTopics(connector);
        return Response.accepted().build();
    }

    private Herder herder() {
        return HerderCalls.herder(herder);
    }
}
