package io.fluxgate.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class CrossSiteGuardTest {

    private final CrossSiteGuard guard = new CrossSiteGuard();

    @Test
    void readingNeedsNeitherOriginNorToken() {
        assertNull(guard.refusal(request("GET", Map.of("Host", "127.0.0.1:8084"), null)));
        assertNull(guard.refusal(request("HEAD", Map.of("Host", "127.0.0.1:8084"), null)));
        assertNull(guard.refusal(request("OPTIONS", Map.of("Host", "127.0.0.1:8084"), null)));
    }

    @Test
    void aChangeFromTheConsolesOwnPageWithItsTokenGoesOn() {
        String token = tokenIssuedTo(request("GET", Map.of("Host", "127.0.0.1:8084"), null));
        Cookie cookie = new Cookie(CrossSiteGuard.COOKIE, token);
        assertNull(guard.refusal(request("POST",
                Map.of("Host", "127.0.0.1:8084", "Origin", "http://127.0.0.1:8084"), cookie)));
        // Firefox sends no Origin on a same-origin form post in some versions; its Referer does.
        assertNull(guard.refusal(request("POST",
                Map.of("Host", "127.0.0.1:8084", "Referer", "http://127.0.0.1:8084/system/console/bundles"), cookie)));
        assertNull(guard.refusal(request("DELETE",
                Map.of("Host", "localhost", "Origin", "http://localhost:80"), cookie)));
        assertNull(guard.refusal(request("POST",
                Map.of("Host", "[::1]:8084", "Origin", "http://[::1]:8084"), cookie)));
    }

    @Test
    void aChangeFromAnotherOriginIsRefusedEvenWithTheToken() {
        Cookie cookie = new Cookie(CrossSiteGuard.COOKIE,
                tokenIssuedTo(request("GET", Map.of("Host", "127.0.0.1:8084"), null)));
        for (Map<String, String> headers : List.of(
                Map.of("Host", "127.0.0.1:8084", "Origin", "http://evil.example"),
                Map.of("Host", "127.0.0.1:8084", "Origin", "http://127.0.0.1:9999"),
                Map.of("Host", "127.0.0.1:8084", "Origin", "https://127.0.0.1:8084"),
                Map.of("Host", "127.0.0.1:8084", "Origin", "null"),
                Map.of("Host", "127.0.0.1:8084", "Referer", "http://127.0.0.1.evil.example:8084/"),
                Map.of("Host", "127.0.0.1:8084", "Origin", "http://evil.example", "Referer", "http://127.0.0.1:8084/"),
                Map.of("Host", "127.0.0.1:8084", "Origin", "not a uri"),
                Map.of("Host", "127.0.0.1:8084"))) {
            String refusal = guard.refusal(request("POST", headers, cookie));
            assertNotNull(refusal, headers.toString());
            assertTrue(refusal.contains("Origin or Referer"), refusal);
        }
    }

    @Test
    void aChangeWithoutTheTokenIsRefusedEvenFromTheConsolesOrigin() {
        Map<String, String> sameOrigin = Map.of("Host", "127.0.0.1:8084", "Origin", "http://127.0.0.1:8084");
        assertTrue(guard.refusal(request("POST", sameOrigin, null)).contains("token"));
        assertTrue(guard.refusal(request("POST", sameOrigin, new Cookie(CrossSiteGuard.COOKIE, "guessed")))
                .contains("token"));
        // Another worker's (or an earlier start's) token is not this one's.
        String other = new CrossSiteGuardTest().tokenIssuedTo(request("GET", Map.of("Host", "127.0.0.1:8084"), null));
        assertTrue(guard.refusal(request("POST", sameOrigin, new Cookie(CrossSiteGuard.COOKIE, other)))
                .contains("token"));
    }

    @Test
    void theTokenIsIssuedOnceStrictAndHttpOnly() {
        List<String> setCookies = new ArrayList<>();
        guard.issue(request("GET", Map.of("Host", "127.0.0.1:8084"), null), response(setCookies));
        assertEquals(1, setCookies.size());
        assertTrue(setCookies.get(0).contains("SameSite=Strict"), setCookies.get(0));
        assertTrue(setCookies.get(0).contains("HttpOnly"), setCookies.get(0));
        String token = setCookies.get(0).substring(CrossSiteGuard.COOKIE.length() + 1, setCookies.get(0).indexOf(';'));
        guard.issue(request("GET", Map.of("Host", "127.0.0.1:8084"), new Cookie(CrossSiteGuard.COOKIE, token)),
                response(setCookies));
        assertEquals(1, setCookies.size());
        assertFalse(token.isBlank());
    }

    private String tokenIssuedTo(HttpServletRequest request) {
        List<String> setCookies = new ArrayList<>();
        guard.issue(request, response(setCookies));
        String cookie = setCookies.get(0);
        return cookie.substring(CrossSiteGuard.COOKIE.length() + 1, cookie.indexOf(';'));
    }

    private static HttpServletResponse response(List<String> setCookies) {
        return (HttpServletResponse) Proxy.newProxyInstance(CrossSiteGuardTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addHeader") && "Set-Cookie".equals(args[0])) {
                        setCookies.add((String) args[1]);
                    }
                    return null;
                });
    }

    private static HttpServletRequest request(String httpMethod, Map<String, String> headers, Cookie cookie) {
        Map<String, String> copy = new HashMap<>(headers);
        return (HttpServletRequest) Proxy.newProxyInstance(CrossSiteGuardTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> copy.get((String) args[0]);
                    case "getMethod" -> httpMethod;
                    case "getScheme" -> "http";
                    case "isSecure" -> false;
                    case "getCookies" -> cookie == null ? null : new Cookie[] {cookie};
                    default -> null;
                });
    }
}
