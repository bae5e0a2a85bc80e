package io.fluxgate.rest.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.Ports;

/** The Jetty and Jersey container: binding, start-up, failures and stop. */
class RestServerTest {

    @Test
    void servesOnTheHostGivenAndReleasesThePortWhenStopped() {
        RestListener listener = new RestListener("http", "127.0.0.1", 0);
        RestServer server = startPing(listener);
        int port = server.localPort(listener);
        try {
            assertNotEquals(0, port);
            assertEquals("pong", new HttpProbe(port).get("/ping").body());
        } finally {
            server.stop();
        }
        Ports.assertReleased(port);
    }

    @Test
    void emptyHostBindsEveryInterface() throws Exception {
        RestListener listener = RestListener.parse("http://:0").orElseThrow();
        RestServer server = startPing(listener);
        try {
            int port = server.localPort(listener);
            // Bound to the wildcard address: taking the port on loopback alone is refused too.
            assertThrows(java.net.BindException.class,
                    () -> new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close());
            assertEquals("pong", new HttpProbe(port).get("/ping").body());
        } finally {
            server.stop();
        }
    }

    @Test
    void servesOnEveryListener() {
        RestListener first = new RestListener("http", "127.0.0.1", 0);
        RestListener second = new RestListener("http", "127.0.0.1", Ports.free());
        RestServer server = startPing(first, second);
        try {
            assertEquals(List.of(first, second), server.listeners());
            assertEquals("pong", new HttpProbe(server.localPort(first)).get("/ping").body());
            assertEquals("pong", new HttpProbe(second.port()).get("/ping").body());
        } finally {
            server.stop();
        }
    }

    @Test
    void aBusyPortNamesTheListenerAndLeavesNothingBound() throws Exception {
        int free = Ports.free();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            RestListener ok = new RestListener("http", "127.0.0.1", free);
            RestListener clash = new RestListener("http", "127.0.0.1", busy);

            ListenerUnavailableException e = assertThrows(ListenerUnavailableException.class,
                    () -> RestServer.start(List.of(ok, clash), pingApplication()));

            assertEquals("REST listener http://127.0.0.1:" + busy + " cannot start: port " + busy
                    + " is already in use", e.getMessage());
            assertSame(clash, e.listener());
        }
        Ports.assertReleased(free);
        assertNoJettyThreadLeft();
    }

    @Test
    void aBusyPortOnEveryInterfaceSaysSoInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int busy = taken.getLocalPort();
            RestListener listener = RestListener.parse("http://:" + busy).orElseThrow();

            RestServerException e = assertThrows(RestServerException.class,
                    () -> RestServer.start(List.of(listener), pingApplication()));

            assertEquals("REST listener http://:" + busy + " cannot start: port " + busy + " is already in use",
                    e.getMessage());
        }
    }

    @Test
    void jerseyIsInitialisedBeforeStartReturns() {
        AtomicBoolean initialised = new AtomicBoolean();
        ResourceConfig application = pingApplication().register(new ContainerLifecycleListener() {
            @Override
            public void onStartup(Container container) {
                initialised.set(true);
            }

            @Override
            public void onReload(Container container) {
            }

            @Override
            public void onShutdown(Container container) {
            }
        });
        RestServer server = start(application, new RestListener("http", "127.0.0.1", 0));
        try {
            assertTrue(initialised.get(), "Jersey was left to initialise on the first request");
        } finally {
            server.stop();
        }
    }

    @Test
    void ignoresACallersContextClassLoaderThatSeesAnotherJersey(@TempDir java.nio.file.Path elsewhere)
            throws Exception {
        // Inside OSGi the caller's context class loader (SCR's thread, the launcher's class path) is not this
        // bundle's: were it to list another Jersey's services, Jersey would load them from there. Here it lists a
        // class nobody has.
        java.nio.file.Path services = elsewhere.resolve("META-INF/services");
        java.nio.file.Files.createDirectories(services);
        java.nio.file.Files.writeString(services.resolve(
                "org.glassfish.jersey.internal.inject.InjectionManagerFactory"), "org.elsewhere.NoSuchFactory\n");
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader foreign = new URLClassLoader(new URL[] {elsewhere.toUri().toURL()}, null)) {
            thread.setContextClassLoader(foreign);
            RestListener listener = new RestListener("http", "127.0.0.1", 0);
            RestServer server = RestServer.start(List.of(listener), pingApplication());
            try {
                assertSame(foreign, thread.getContextClassLoader(), "the caller's context class loader is restored");
                assertEquals("pong", new HttpProbe(server.localPort(listener)).get("/ping").body());
            } finally {
                server.stop();
            }
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void anApplicationJerseyRefusesFailsTheStartAndLeavesNothingBound() {
        int port = Ports.free();
        ResourceConfig broken = new ResourceConfig(AmbiguousResource.class);

        RestServerException e = assertThrows(RestServerException.class,
                () -> RestServer.start(List.of(new RestListener("http", "127.0.0.1", port)), broken));

        assertTrue(e.getMessage().startsWith("REST server cannot start: "), e.getMessage());
        assertTrue(e.getMessage().contains("ModelValidationException"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line for the launcher: " + e.getMessage());
        Ports.assertReleased(port);
        assertNoJettyThreadLeft();
    }

    @Test
    void jettyThreadsAreNamedForFluxgate() {
        RestServer server = startPing(new RestListener("http", "127.0.0.1", 0));
        try {
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                            .anyMatch(t -> t.getName().startsWith("fluxgate-rest-")),
                    "no thread named fluxgate-rest-*");
        } finally {
            server.stop();
        }
        assertNoJettyThreadLeft();
    }

    private static RestServer startPing(RestListener... listeners) {
        return start(pingApplication(), listeners);
    }

    private static RestServer start(ResourceConfig application, RestListener... listeners) {
        try {
            return RestServer.start(List.of(listeners), application);
        } catch (RestServerException e) {
            throw new AssertionError(e);
        }
    }

    private static ResourceConfig pingApplication() {
        return new ResourceConfig().register(new PingResource());
    }

    private static void assertNoJettyThreadLeft() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("fluxgate-rest"))) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("Jetty threads still running: " + Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("fluxgate-rest")).map(Thread::getName).toList());
    }

    @Path("/ping")
    public static final class PingResource {
        @GET
        public String ping() {
            return "pong";
        }
    }

    /** Two GET methods on one path: Jersey's model validation refuses the application. */
    @Path("/")
    public static final class AmbiguousResource {
        @GET
        public String one() {
            return "one";
        }

        @GET
        public String two() {
            return "two";
        }
    }
}
