package io.fluxgate.rest.server;

import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses a request whose {@code Content-Type} or {@code Accept} header is not made of media types, with 400 and the
 * error body. Jersey answers such a request 400 with an empty body of no type, outside its exception mappers.
 */
final class MediaTypeGuard extends Handler.Wrapper {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile("\\s*" + TOKEN + "\\s*/\\s*" + TOKEN + "\\s*(;.*)?");

    MediaTypeGuard(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
            Response.writeError(request, response, callback, 400, "Invalid Content-Type header: " + contentType);
            return true;
        }
        for (String accept : request.getHeaders().getValuesList(HttpHeader.ACCEPT)) {
            for (String type : accept.split(",")) {
                if (!type.isBlank() && !MEDIA_TYPE.matcher(type).matches()) {
                    Response.writeError(request, response, callback, 400, "Invalid Accept header: " + accept);
                    return true;
                }
            }
        }
        return super.handle(request, response, callback);
    }
}
