package io.fluxgate.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.boot.config.WorkerConfigDefaults;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.boot.config.WorkerSecrets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * HTTP basic authentication of the Web Console against {@code console.username} and {@code console.password} (the
 * latter resolved by the launcher and handed over by {@link WorkerSecrets}, never through ConfigAdmin). The launcher
 * tells the Web Console to wait for this provider ({@code felix.webconsole.security.providers=fluxgate}), which also
 * disables the console's own admin/admin. Without a password this component does not start, and the console with it.
 * Every authenticated request also goes through the {@link CrossSiteGuard}: one that may change state must come from
 * the console's own pages.
 */
@Component(service = SecurityProvider.class, configurationPid = WorkerConfigKeys.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {SecurityProvider.PROPERTY_ID + "=fluxgate", "service.ranking:Integer=1000"})
public final class ConsoleSecurityProvider implements SecurityProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurityProvider.class);
    static final String REALM = "Fluxgate Web Console";
    /** The servlet whiteboard's request attributes ({@code ServletContextHelper}'s constants). */
    private static final String AUTHENTICATION_TYPE = "org.osgi.service.servlet.authentication.type";
    private static final String REMOTE_USER = "org.osgi.service.servlet.remote.user";

    private static final int REFUSED_BODY_READ = 64 * 1024;

    private final byte[] expected;
    private final CrossSiteGuard crossSite = new CrossSiteGuard();

    /** The user name, typed; the password is a secret, revealed from the worker's secrets, never in ConfigAdmin. */
    @interface Config {
        /** {@code console.username}. */
        String console_username() default WorkerConfigDefaults.CONSOLE_USERNAME;
    }

    @Activate
    public ConsoleSecurityProvider(Config config, Map<String, Object> properties,
            @Reference(name = "workerSecrets", cardinality = ReferenceCardinality.OPTIONAL) WorkerSecrets secrets) {
        String username = config.console_username();
        Object password = WorkerSecrets.reveal(secrets, properties).get(WorkerConfigKeys.CONSOLE_PASSWORD);
        if (password == null || password.toString().isBlank() || WorkerSecrets.HIDDEN.equals(password)) {
            throw new IllegalStateException("console.password is not set: the Web Console stays closed");
        }
        this.expected = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                byte[] given = Base64.getDecoder().decode(header.substring(6).trim());
                // Constant time, so that the answer's timing tells nothing about the password.
                if (MessageDigest.isEqual(given, expected)) {
                    String refusal = crossSite.refusal(request);
                    if (refusal != null) {
                        LOG.warn("Web Console {} {} refused from {}: {}", request.getMethod(),
                                request.getRequestURI(), request.getRemoteAddr(), refusal);
                        refuse(request, response, refusal);
                        return null;
                    }
                    crossSite.issue(request, response);
                    String user = new String(given, StandardCharsets.UTF_8);
                    user = user.substring(0, user.indexOf(':'));
                    request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
                    request.setAttribute(REMOTE_USER, user);
                    return user;
                }
            } catch (IllegalArgumentException e) {
                // not base64: refused below
            }
            LOG.warn("Web Console login refused from {}", request.getRemoteAddr());
        }
        try {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentLength(0);
            response.flushBuffer();
        } catch (IOException e) {
            // the client went away
        }
        return null;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String why) {
        try {
            // The refused form's body is read (a small one) before answering: a client that sends it after the
            // headers then finds the connection ready for its next request, instead of closed under it.
            if (request.getInputStream().readNBytes(REFUSED_BODY_READ).length == REFUSED_BODY_READ) {
                response.setHeader("Connection", "close");
            }
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Refused: " + why + ".\n");
            response.flushBuffer();
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public boolean authorize(Object user, String role) {
        return true;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic authentication keeps nothing on the server.
    }
}
