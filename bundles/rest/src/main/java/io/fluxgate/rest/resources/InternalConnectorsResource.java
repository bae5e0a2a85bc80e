package io.fluxgate.rest.resources;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.crypto.Mac;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.SignedContext;
import io.fluxgate.rest.entities.Json;
import io.fluxgate.rest.forwarding.Forwardable;

/**
 * The endpoints workers of a cluster call on each other, left out of the API's documentation as Kafka Connect leaves
 * them ({@code InternalClusterResource}): {@code POST /connectors/{c}/tasks}, by which a worker hands the task
 * configurations its connector generated to the leader, and {@code PUT /connectors/{c}/fence}, by which it asks the
 * leader to fence the zombies of an exactly-once source connector. The request is signed with the cluster's session key
 * (KIP-507) over the body's exact bytes; the herder checks the signature.
 */
@Path("/connectors")
@Produces(MediaType.APPLICATION_JSON)
public final class InternalConnectorsResource {

    static final String SIGNATURE_HEADER = "X-Connect-Authorization";
    static final String SIGNATURE_ALGORITHM_HEADER = "X-Connect-Request-Signature-Algorithm";
    /** Fluxgate's signed context (see {@link SignedContext}): the generation, and the MAC of context and body. */
    static final String CONTEXT_GENERATION_HEADER = "X-Fluxgate-Task-Configs-Generation";
    static final String CONTEXT_SIGNATURE_HEADER = "X-Fluxgate-Task-Configs-Authorization";

    private static final TypeReference<List<Map<String, String>>> TASK_CONFIGS = new TypeReference<>() { };

    private final Supplier<Optional<Herder>> herder;
    private final ObjectMapper json = Json.newMapper();

    public InternalConnectorsResource(Supplier<Optional<Herder>> herder) {
        this.herder = herder;
    }

    /** Read as bytes, not as JSON: the signature covers the body exactly as sent. 204 once written. */
    @POST
    @Path("{connector}/tasks")
    @Forwardable(headers = {SIGNATURE_HEADER, SIGNATURE_ALGORITHM_HEADER, CONTEXT_GENERATION_HEADER,
            CONTEXT_SIGNATURE_HEADER})
    public Response putTaskConfigs(@PathParam("connector") String connector, @Context HttpHeaders headers,
            byte[] body) throws IOException {
        List<Map<String, String>> taskConfigs = json.readValue(body, TASK_CONFIGS);
        RequestSignature signature = signature(body, headers);
        HerderCalls.await(HerderCalls.herder(herder).putTaskConfigs(connector, taskConfigs, signature));
        return Response.noContent().build();
    }

    /**
     * Kafka Connect's internal {@code PUT /connectors/{c}/fence} (KIP-618): a worker whose exactly-once source task is
     * about to start asks the leader for a round of zombie fencing. The (empty) body is signed as the task
     * configurations' are. 204 once the previous generation's producers are fenced and the task count recorded.
     */
    @PUT
    @Path("{connector}/fence")
    @Forwardable(headers = {SIGNATURE_HEADER, SIGNATURE_ALGORITHM_HEADER, CONTEXT_GENERATION_HEADER,
            CONTEXT_SIGNATURE_HEADER})
    public Response fenceZombies(@PathParam("connector") String connector, @Context HttpHeaders headers,
            byte[] body) {
        RequestSignature signature = signature(body == null ? new byte[0] : body, headers);
        HerderCalls.await(HerderCalls.herder(herder).fenceZombieSourceTasks(connector, signature));
        return Response.noContent().build();
    }

    /** Fluxgate's signed context, null when the request carries none (a worker of Apache Kafka Connect). */
    private static SignedContext context(HttpHeaders headers) {
        String generation = headers.getHeaderString(CONTEXT_GENERATION_HEADER);
        String encoded = headers.getHeaderString(CONTEXT_SIGNATURE_HEADER);
        if (generation == null || encoded == null) {
            return null;
        }
        try {
            return new SignedContext(Long.parseLong(generation.trim()), Base64.getDecoder().decode(encoded));
        } catch (NumberFormatException e) {
            throw new HerderException(400, "Invalid " + CONTEXT_GENERATION_HEADER + ": " + generation);
        }
    }

    /**
     * The request's signature, null without one, as Kafka Connect's {@code InternalRequestSignature.fromHeaders}
     * reads it: an algorithm the JVM does not know, or a signature that is not Base64, is a bad request.
     */
    private static RequestSignature signature(byte[] body, HttpHeaders headers) {
        String algorithm = headers.getHeaderString(SIGNATURE_ALGORITHM_HEADER);
        String encoded = headers.getHeaderString(SIGNATURE_HEADER);
        if (algorithm == null || encoded == null) {
            return null;
        }
        try {
            Mac.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new HerderException(400, e.getMessage());
        }
        try {
            return new RequestSignature(algorithm, Base64.getDecoder().decode(encoded), body, context(headers));
        } catch (IllegalArgumentException e) {
            throw new HerderException(400, e.getMessage());
        }
    }
}
