package io.fluxgate.rest.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Errors Jetty answers itself, before or around the JAX-RS application (a malformed request, a servlet failure), in
 * Kafka Connect's error body {@code {"error_code":<status>,"message":"..."}} instead of Jetty's HTML page, whatever
 * the client accepts and whatever the method.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final String SERVLET_ERROR_MESSAGE = "jakarta.servlet.error.message";

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        Object servletMessage = request.getAttribute(SERVLET_ERROR_MESSAGE);
        String text = servletMessage instanceof String s && !s.isEmpty() ? s : message;
        String quoted = text == null ? "null"
                : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
        String body = "{\"error_code\":" + code + ",\"message\":" + quoted + "}";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
        if (cause instanceof HttpException) {
            // Jetty closes the connection after refusing a request it cannot make sense of (an ambiguous path): say
            // so, or a client keeping connections alive sends its next request into a closed one.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
