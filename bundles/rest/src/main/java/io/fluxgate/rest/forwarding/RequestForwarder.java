package io.fluxgate.rest.forwarding;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.rest.server.SslContextFactories;

/**
 * Sends a request to another worker of the cluster and returns its answer, as Kafka Connect's {@code RestClient}
 * does: no redirect followed, {@code Accept: application/json}, failures to reach the worker answered 500 with
 * Kafka's messages. https workers are reached with the worker's SSL settings (those of its https listeners).
 * Thread-safe; the HTTP clients are made on first use.
 */
public final class RequestForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(RequestForwarder.class);

    /** Jetty's HttpClient default, which Kafka Connect's RestClient keeps. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** The time Kafka Connect gives any REST request. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final Map<String, Object> sslValues;
    private HttpClient http;
    private HttpClient https;

    /** @param sslValues the worker's {@code ssl.*} settings, unprefixed, as the https listeners use them */
    public RequestForwarder(Map<String, Object> sslValues) {
        this.sslValues = Map.copyOf(sslValues);
    }

    /** A forwarder for plain http only: https workers are reached with the JVM's default SSL settings. */
    public static RequestForwarder plain() {
        return new RequestForwarder(Map.of());
    }

    /**
     * Sends {@code request} to the worker at {@code targetUrl} (its advertised URL, such as {@code http://host:8083/})
     * and waits for its answer.
     *
     * @throws HerderException 500 when the worker cannot be reached or answers a status Kafka Connect does not relay
     */
    public ForwardedResponse send(String targetUrl, ForwardedRequest request) {
        String base = targetUrl.endsWith("/") ? targetUrl.substring(0, targetUrl.length() - 1) : targetUrl;
        String url = base + request.pathAndQuery();
        LOG.debug("Forwarding REST request {} to {}", request, url);
        try {
            HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(url))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json")
                    .header("User-Agent", "kafka-connect")
                    .method(request.method(), request.body().length == 0 && !hasBody(request.method())
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(forwarded::header);
            HttpResponse<byte[]> answer = client(url).send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            int status = answer.statusCode();
            LOG.debug("Forwarded REST request {} answered {}", request, status);
            if (status < 200 || (status >= 300 && status < 400)) {
                throw new HerderException(500, "Unexpected status code when handling forwarded request: " + status);
            }
            return new ForwardedResponse(status, answer.headers().firstValue("Content-Type"),
                    answer.headers().firstValue("Location"), answer.body());
        } catch (IOException e) {
            LOG.error("IO error forwarding REST request to {} :", url, e);
            throw new HerderException(500, "IO Error trying to forward REST request: " + describe(e), e);
        } catch (InterruptedException e) {
            LOG.error("Thread was interrupted forwarding REST request to {} :", url, e);
            Thread.currentThread().interrupt();
            throw new HerderException(500, "Thread was interrupted trying to forward REST request: "
                    + e.getMessage(), e);
        } catch (HerderException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Error forwarding REST request to {} :", url, e);
            throw new HerderException(500, "Error trying to forward REST request: " + e.getMessage(), e);
        }
    }

    private static boolean hasBody(String method) {
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }

    /**
     * What failed, in the words Kafka Connect's Jetty client uses ({@code java.net.ConnectException: Connection
     * refused}). The JDK client says less: a connection that cannot be made is a ConnectException without a message.
     */
    private static String describe(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return ConnectException.class.getName() + ": "
                        + (cause.getMessage() == null ? "Connection refused" : cause.getMessage());
            }
        }
        return e.getMessage() == null ? e.toString() : e.getClass().getName() + ": " + e.getMessage();
    }

    private synchronized HttpClient client(String url) {
        if (url.startsWith("https://")) {
            if (https == null) {
                https = newClient(Optional.of(SslContextFactories.clientContext(sslValues)));
            }
            return https;
        }
        if (http == null) {
            http = newClient(Optional.empty());
        }
        return http;
    }

    private static HttpClient newClient(Optional<SSLContext> ssl) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT);
        ssl.ifPresent(builder::sslContext);
        return builder.build();
    }
}
