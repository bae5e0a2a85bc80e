package io.fluxgate.rest.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;

import jakarta.ws.rs.ext.RuntimeDelegate;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.boot.config.RestListener;

/**
 * A running Jetty serving one Jersey application on one or more http and https listeners, with Kafka Connect's
 * cross-origin and response-header settings, and a limit on the size of request bodies.
 *
 * <p>{@link #start} returns once every listener accepts connections and Jersey is initialised, so the first request
 * is not the one that pays for Jersey's start-up. When it fails, nothing stays bound and no thread stays behind.
 *
 * <p>Jersey finds its own parts ({@code InjectionManagerFactory}, {@code RuntimeDelegate}...) through
 * {@code META-INF/services} with the thread's context class loader. Inside OSGi that loader is not this bundle's, so
 * it is set to this bundle's loader while the server starts, and Jetty sets it again around each request (the context's
 * class loader).
 */
public final class RestServer {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    /** Jetty's threads are named {@code fluxgate-rest-<n>}; its scheduler {@code fluxgate-rest-scheduler}. */
    private static final String THREAD_NAME = "fluxgate-rest";
    /** The access log, one line per request in the extended NCSA format plus the time taken, as Kafka Connect logs. */
    private static final String ACCESS_LOGGER = "io.fluxgate.rest.access";
    /** How long in-flight requests may take to complete when the server stops. */
    private static final long STOP_TIMEOUT_MS = 5_000;
    /** A path no application serves: the warm-up request answers 404, with no side effect. */
    private static final String WARM_UP_PATH = "/.fluxgate-warm-up";
    private static final int WARM_UP_TIMEOUT_MS = 10_000;
    /** How long an idle keep-alive connection is kept once the server stops (Jetty's default is a whole second). */
    private static final long SHUTDOWN_IDLE_TIMEOUT_MS = 200;
    /**
     * Jersey warns that every resource registered as an instance "does not implement any provider interfaces" and
     * "will be ignored", then serves it all the same (its check looks for resource classes only). Kafka Connect's log
     * carries these false warnings at every start; this logger, private to the embedded Jersey, is kept to errors.
     * Held here because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger JERSEY_PROVIDERS =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    private final Server server;
    /** Prefix of the admin listeners' connector names (those of the API's listeners are the listeners). */
    private static final String ADMIN_CONNECTOR_PREFIX = "admin ";

    private final Map<RestListener, ServerConnector> connectors = new LinkedHashMap<>();
    private final Map<RestListener, ServerConnector> adminConnectors = new LinkedHashMap<>();

    private RestServer(ServerSettings settings, ResourceConfig application, AdminEndpoints admin) {
        JERSEY_PROVIDERS.setLevel(Level.SEVERE);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(THREAD_NAME);
        threads.setDaemon(true);
        server = new Server(threads, new ScheduledExecutorScheduler(THREAD_NAME + "-scheduler", true), null);
        server.setStopTimeout(STOP_TIMEOUT_MS);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // An ambiguous path (an encoded '/' as in /connectors/a%2Fb, an encoded '%', '.' or ';') is still refused
        // with 400, but by the servlet layer, once the request's body is received: refused as the headers arrive,
        // the connection was closed under a client still sending its body, which then saw no answer at all.
        http.setUriCompliance(UriCompliance.DEFAULT.with("fluxgate",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER));
        List<String> apiConnectors = new ArrayList<>();
        for (RestListener listener : settings.listeners()) {
            apiConnectors.add(addConnector(listener, listener.toString(), http, settings.sslValues(), connectors));
        }

        ServletContextHandler context = servletContext(application, settings);
        if (!settings.allowedOrigins().isBlank()) {
            context.insertHandler(crossOrigin(settings.allowedOrigins(), settings.allowedMethods()));
        }
        Handler contexts = context;
        if (admin != null) {
            // Each application answers on its own connectors only ("@name" virtual hosts): the admin endpoints are
            // not on the API's listeners, nor the API on the admin listeners. CORS stays the API's, as in Kafka.
            List<String> adminNames = new ArrayList<>();
            for (RestListener listener : admin.listeners()) {
                adminNames.add(addConnector(listener, ADMIN_CONNECTOR_PREFIX + listener, http, admin.sslValues(),
                        adminConnectors));
            }
            ServletContextHandler adminContext = servletContext(admin.application(), settings);
            context.setVirtualHosts(apiConnectors.stream().map(name -> "@" + name).toList());
            adminContext.setVirtualHosts(adminNames.stream().map(name -> "@" + name).toList());
            contexts = new ContextHandlerCollection(context, adminContext);
        }

        // A body past the limit is refused with 413 (through the error handler, so with the error body) before the
        // application reads it, or as soon as a chunked body crosses the limit.
        // Inside it, bodies are received whole before the application takes a thread for them.
        SizeLimitHandler sizeLimit = new SizeLimitHandler(settings.maxRequestBytes(), -1);
        sizeLimit.setHandler(new WholeBodyHandler(new MediaTypeGuard(contexts), settings.maxRequestBytes()));
        server.setHandler(new GracefulHandler(sizeLimit));
        server.setErrorHandler(new JsonErrorHandler());
        Slf4jRequestLogWriter accessLog = new Slf4jRequestLogWriter();
        accessLog.setLoggerName(ACCESS_LOGGER);
        CustomRequestLog requestLog =
                new CustomRequestLog(accessLog, CustomRequestLog.EXTENDED_NCSA_FORMAT + " %{ms}T");
        requestLog.setIgnorePaths(new String[] {WARM_UP_PATH});
        server.setRequestLog(requestLog);
    }

    private String addConnector(RestListener listener, String name, HttpConfiguration http,
            Map<String, Object> sslValues, Map<RestListener, ServerConnector> into) {
        ServerConnector connector = switch (listener.scheme()) {
            case "http" -> new ServerConnector(server, new HttpConnectionFactory(http));
            case "https" -> httpsConnector(http, sslValues);
            default -> throw new IllegalArgumentException("Listener protocol must be either \"http\" or "
                    + "\"https\": " + listener);
        };
        connector.setName(name);
        connector.setHost(listener.anyHost() ? null : listener.host());
        connector.setPort(listener.port());
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        into.put(listener, connector);
        return name;
    }

    private static ServletContextHandler servletContext(ResourceConfig application, ServerSettings settings) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.setClassLoader(settings.requestClassLoader());
        ServletHolder jersey = new ServletHolder("jersey", new ServletContainer(application));
        jersey.setInitOrder(0);
        context.addServlet(jersey, "/*");
        if (!settings.responseHeaders().isBlank()) {
            context.insertHandler(ResponseHeadersHandler.parse(settings.responseHeaders()));
        }
        return context;
    }

    /**
     * Binds every listener (all interfaces when its host is empty) and starts serving {@code application}.
     *
     * @throws ListenerUnavailableException when a listener cannot be bound; the others are released
     * @throws RestServerException when the server cannot start otherwise (Jersey refuses the application...)
     */
    public static RestServer start(List<RestListener> listeners, ResourceConfig application)
            throws RestServerException {
        return start(ServerSettings.of(listeners), application);
    }

    /**
     * Starts serving {@code application} as {@code settings} say.
     *
     * @throws ListenerUnavailableException when a listener cannot be bound; the others are released
     * @throws RestServerException when the server cannot start otherwise (a key store that cannot be read, Jersey
     *         refuses the application...)
     */
    public static RestServer start(ServerSettings settings, ResourceConfig application) throws RestServerException {
        return start(settings, application, null);
    }

    /**
     * Starts serving {@code application} as {@code settings} say, and the admin endpoints on their own listeners.
     *
     * @param admin the admin endpoints on listeners of their own; null when there are none (they are then part of
     *        {@code application}, or not served)
     * @throws ListenerUnavailableException when a listener cannot be bound; the others are released
     * @throws RestServerException when the server cannot start otherwise
     */
    public static RestServer start(ServerSettings settings, ResourceConfig application, AdminEndpoints admin)
            throws RestServerException {
        if (settings.listeners().isEmpty()) {
            throw new IllegalArgumentException("No REST listener");
        }
        long began = System.nanoTime();
        ClassLoader bundleLoader = RestServer.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleLoader);
        try {
            RestServer rest;
            try {
                rest = new RestServer(settings, application, admin);
            } catch (LinkageError | IllegalArgumentException e) {
                throw new RestServerException("REST server cannot start: " + rootMessage(e), e);
            }
            rest.bindListeners();
            rest.startServer();
            LOG.info("REST API listening on {}, started in {} ms", rest.describeListeners(),
                    (System.nanoTime() - began) / 1_000_000);
            rest.server.getThreadPool().execute(rest::warmUp);
            return rest;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The port {@code listener} is bound to: its own, or the one the system chose when it asked for port 0. */
    public int localPort(RestListener listener) {
        ServerConnector connector = connectors.containsKey(listener) ? connectors.get(listener)
                : adminConnectors.get(listener);
        if (connector == null) {
            throw new IllegalArgumentException("Not a listener of this server: " + listener);
        }
        return connector.getLocalPort();
    }

    public List<RestListener> listeners() {
        return List.copyOf(connectors.keySet());
    }

    /** Stops serving, letting in-flight requests finish for a few seconds, and releases the listeners. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("REST server did not stop cleanly", e);
        }
        forgetRuntimeDelegate();
    }

    /**
     * JAX-RS caches the implementation it found (Jersey's, from this bundle) in a class of the system bundle, where
     * it would outlive this bundle: an updated REST bundle would be handed the old Jersey. Forgotten here, it is
     * looked up again by the next server, through its own class loader.
     */
    private static void forgetRuntimeDelegate() {
        try {
            RuntimeDelegate.setInstance(null);
        } catch (RuntimeException e) {
            LOG.debug("Cannot reset the JAX-RS runtime delegate", e);
        }
    }

    private ServerConnector httpsConnector(HttpConfiguration http, Map<String, Object> sslValues) {
        HttpConfiguration https = new HttpConfiguration(http);
        // Requests say https (Location headers...); Jetty's SNI host check would refuse clients that address the
        // worker by a name missing from its certificate, which Kafka Connect serves.
        https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        SslConnectionFactory tls = new SslConnectionFactory(SslContextFactories.server(sslValues),
                HttpVersion.HTTP_1_1.asString());
        return new ServerConnector(server, tls, new HttpConnectionFactory(https));
    }

    /** As Kafka Connect: comma-separated origins (patterns; {@code *} for any) and methods, preflights delivered. */
    private static CrossOriginHandler crossOrigin(String origins, String methods) {
        CrossOriginHandler cors = new CrossOriginHandler();
        cors.setAllowedOriginPatterns(csv(origins));
        if (!methods.isBlank()) {
            cors.setAllowedMethods(csv(methods));
        }
        cors.setDeliverPreflightRequests(true);
        return cors;
    }

    private static Set<String> csv(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    // Each listener is bound here rather than by Server.start(), to name the one that fails.
    private void bindListeners() throws ListenerUnavailableException {
        Map<RestListener, ServerConnector> all = new LinkedHashMap<>(connectors);
        adminConnectors.forEach(all::putIfAbsent);
        for (Map.Entry<RestListener, ServerConnector> entry : all.entrySet()) {
            try {
                entry.getValue().open();
            } catch (IOException | RuntimeException e) {
                closeListeners();
                throw new ListenerUnavailableException(entry.getKey(), e);
            }
        }
    }

    private void startServer() throws RestServerException {
        try {
            server.start();
        } catch (Exception | LinkageError e) {
            // A LinkageError is a class missing from the bundle: fail as cleanly, naming it.
            stop();
            closeListeners();
            throw new RestServerException("REST server cannot start: " + rootMessage(e), e);
        }
    }

    private String describeListeners() {
        String api = connectors.keySet().stream().map(this::describe).collect(Collectors.joining(", "));
        return adminConnectors.isEmpty() ? api : api + "; admin endpoints on "
                + adminConnectors.keySet().stream().map(this::describe).collect(Collectors.joining(", "));
    }

    private String describe(RestListener listener) {
        return listener.port() == 0 ? listener + " (port " + localPort(listener) + ")" : listener.toString();
    }

    /**
     * Sends one request through the whole stack, in the background, so that the classes and caches of request
     * handling (Jetty's parser, Jersey's routing, the error mapping, Jackson's writer) are loaded before a client's
     * first request rather than during it: about 150 ms on a cold JVM.
     */
    private void warmUp() {
        // Over plain http only: through TLS it would need a client set up as the listener asks.
        RestListener listener = connectors.keySet().stream().filter(l -> "http".equals(l.scheme())).findFirst()
                .orElse(null);
        if (listener == null) {
            return;
        }
        try (Socket socket = new Socket()) {
            InetAddress host = listener.anyHost() ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByName(listener.host());
            socket.connect(new InetSocketAddress(host, localPort(listener)), WARM_UP_TIMEOUT_MS);
            socket.setSoTimeout(WARM_UP_TIMEOUT_MS);
            socket.getOutputStream().write(("GET " + WARM_UP_PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try (InputStream in = socket.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("REST warm-up request on {} failed", listener, e);
        }
    }

    private void closeListeners() {
        connectors.values().forEach(ServerConnector::close);
        adminConnectors.values().forEach(ServerConnector::close);
    }

    /** The deepest cause, on one line: what the user reads when the launcher stops. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString().lines().findFirst().orElse("").strip();
    }
}
