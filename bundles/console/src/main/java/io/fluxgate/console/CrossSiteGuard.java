package io.fluxgate.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps other sites from changing anything through an operator's browser (cross-site request forgery). The console
 * authenticates with HTTP basic authentication, which a browser sends with every request to the console, including
 * those a page of another site makes (a form it posts, a {@code fetch} without CORS). So every request that may
 * change state (any method but GET, HEAD and OPTIONS), on every page of the console, must:
 * <ul>
 * <li>come from the console's own origin: its {@code Origin}, or without one its {@code Referer}, names this host
 *     and port (a browser sends one of them with every such request; a request with neither is refused);</li>
 * <li>carry the console's token cookie, issued to the browser on its first authenticated request with
 *     {@code SameSite=Strict}: a browser never attaches it to a request another site starts, and another site cannot
 *     set it.</li>
 * </ul>
 * The console's own pages (Felix's forms and scripts, and the Fluxgate page) meet both without any change.
 */
final class CrossSiteGuard {

    static final String COOKIE = "fluxgate-console-token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final String token;

    CrossSiteGuard() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Why the request is refused, or null when it may go on. */
    String refusal(HttpServletRequest request) {
        String method = request.getMethod();
        if (method != null && SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return null;
        }
        if (!fromThisOrigin(request)) {
            return "the request does not come from the console's own pages (Origin or Referer)";
        }
        if (!hasToken(request)) {
            return "the request does not carry the console's token (reload the console's page)";
        }
        return null;
    }

    /** Gives the browser the token, unless it has it already. */
    void issue(HttpServletRequest request, HttpServletResponse response) {
        if (!hasToken(request)) {
            response.addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
                    + (request.isSecure() ? "; Secure" : ""));
        }
    }

    private boolean hasToken(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && MessageDigest.isEqual(
                    token.getBytes(StandardCharsets.US_ASCII),
                    cookie.getValue().getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    /** The {@code Origin}, or else the {@code Referer}, names the scheme, host and port this request was sent to. */
    static boolean fromThisOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        String source = origin != null ? origin : request.getHeader("Referer");
        String host = request.getHeader("Host");
        if (source == null || source.equals("null") || host == null) {
            return false;
        }
        try {
            String scheme = request.getScheme() == null ? "http" : request.getScheme().toLowerCase(Locale.ROOT);
            URI from = new URI(source);
            URI to = new URI(scheme + "://" + host);
            return scheme.equalsIgnoreCase(from.getScheme())
                    && from.getHost() != null && from.getHost().equalsIgnoreCase(to.getHost())
                    && port(from) == port(to);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The port, the scheme's own when the URI names none ("Host: example" is port 80 over http). */
    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
