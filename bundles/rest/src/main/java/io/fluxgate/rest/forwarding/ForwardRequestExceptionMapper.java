package io.fluxgate.rest.forwarding;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ForwardRequestException;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.rest.entities.ErrorMessage;

/**
 * Where Kafka Connect's {@code HerderRequestHandler.completeOrForwardRequest} decides: a {@link Forwardable} request
 * the herder says must run on another worker is sent there as received (method, path, query, body, and only the
 * {@code Authorization} header of the client's), with the hidden {@code forward} query parameter counting the hops,
 * and the other worker's status, body, type and location are relayed. A request that arrives without {@code forward}
 * may be forwarded again by the worker it reaches ({@code forward=true}); one that was forwarded once already
 * ({@code forward=false}) may not: two hops at most. Without a known target, or past the hops, 409 with Kafka's
 * messages. Other requests answer the exception's 409 here.
 */
public final class ForwardRequestExceptionMapper implements ExceptionMapper<ForwardRequestException> {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardRequestExceptionMapper.class);

    /** The hidden query parameter of forwarded requests. */
    static final String FORWARD = "forward";
    static final String NO_LEADER = "Cannot complete request momentarily due to no known leader URL, "
            + "likely because a rebalance was underway.";
    static final String TOO_MANY_HOPS =
            "Cannot complete request because of a conflicting operation (e.g. worker rebalance)";

    private final RequestForwarder forwarder;

    // A provider: Jersey can inject request-scoped objects into this singleton only so (its proxies need Javassist).
    @Context
    private Provider<ContainerRequestContext> request;

    public ForwardRequestExceptionMapper(RequestForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public Response toResponse(ForwardRequestException exception) {
        ContainerRequestContext received = request.get();
        if (!(received.getProperty(ForwardableBodyFilter.KEPT) instanceof ForwardableBodyFilter.Kept kept)) {
            LOG.debug("REST request refused with 409: {}", exception.getMessage());
            return error(exception.status(), exception.getMessage());
        }
        String forwardParameter = received.getUriInfo().getQueryParameters().getFirst(FORWARD);
        Boolean forward = forwardParameter == null ? null : Boolean.valueOf(forwardParameter);
        if (forward != null && !forward) {
            LOG.error("Request '{} {}' failed because it couldn't find the target Connect worker within two hops "
                    + "(between workers).", received.getMethod(), received.getUriInfo().getRequestUri().getRawPath());
            return error(409, TOO_MANY_HOPS);
        }
        Optional<String> target = exception.targetUrl();
        if (target.isEmpty()) {
            return error(409, NO_LEADER);
        }
        // Only a request straight from a client may be forwarded once more by the worker it reaches.
        ForwardedRequest forwarded = forwardedRequest(received, forward == null, kept);
        try {
            return relay(forwarder.send(target.get(), forwarded));
        } catch (HerderException e) {
            return error(e.status(), e.getMessage());
        }
    }

    private static ForwardedRequest forwardedRequest(ContainerRequestContext received, boolean recursive,
            ForwardableBodyFilter.Kept kept) {
        URI uri = received.getUriInfo().getRequestUri();
        StringJoiner query = new StringJoiner("&", "?", "");
        query.add(FORWARD + "=" + recursive);
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                String name = URLDecoder.decode(parameter.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!parameter.isEmpty() && !FORWARD.equals(name)) {
                    query.add(parameter);
                }
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        copyHeader(received, HttpHeaders.AUTHORIZATION, headers);
        copyHeader(received, HttpHeaders.CONTENT_TYPE, headers);
        for (String header : kept.headers()) {
            copyHeader(received, header, headers);
        }
        return new ForwardedRequest(received.getMethod(), uri.getRawPath() + query, headers, kept.body());
    }

    private static void copyHeader(ContainerRequestContext received, String name, Map<String, String> headers) {
        String value = received.getHeaderString(name);
        if (value != null) {
            headers.put(name, value);
        }
    }

    /**
     * The other worker's answer as this worker's. A created connector's location is made relative, so that it names
     * this worker as Kafka Connect's does (it builds the location anew where the client asked).
     */
    private static Response relay(ForwardedResponse answer) {
        Response.ResponseBuilder response = Response.status(answer.status());
        if (answer.body().length > 0) {
            response.entity(answer.body());
        }
        answer.contentType().ifPresent(response::type);
        answer.location().map(URI::create).ifPresent(location -> response.location(URI.create(
                location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery()))));
        return response.build();
    }

    private static Response error(int status, String message) {
        return Response.status(status)
                .entity(new ErrorMessage(status, message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
