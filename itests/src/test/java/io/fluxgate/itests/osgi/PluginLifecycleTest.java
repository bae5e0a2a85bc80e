package io.fluxgate.itests.osgi;

import static io.fluxgate.itests.osgi.PluginDrops.await;
import static io.fluxgate.itests.osgi.PluginDrops.locationOf;
import static io.fluxgate.itests.osgi.PluginDrops.moveIn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.kafka.connect.connector.Connector;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginEvent.Type;
import io.fluxgate.api.plugins.PluginListener;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginProblem;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * Install, update and removal as the worker sees them through {@link PluginListener}, and what removal leaves
 * behind: nothing (the old class loader is collected), unless the plugin started threads it never stopped, which
 * is then reported.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginLifecycleTest {

    private static final String SOURCE = "io.fluxgate.testplugins.alltypes.AllTypesSourceConnector";

    @Inject
    private BundleContext context;

    @Inject
    private PluginRegistry registry;

    @Configuration
    public Option[] configuration() throws IOException {
        return PluginDrops.options(1).toArray(Option[]::new);
    }

    /**
     * What a listener saw: the event, whether the withdrawn classes could still be loaded during the call, and for
     * new classes the loader the registry gave for a connector of the event during the call (null if none).
     */
    private record Seen(PluginEvent event, boolean oldClassesLoadable, ClassLoader newLoader) {
    }

    @Test
    public void installUpdateAndRemovalAreAnnouncedInOrder() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        // The class loader in use before each withdrawal: what a worker's running tasks hold.
        ClassLoader[] inUse = new ClassLoader[1];
        PluginListener listener = event -> seen.add(new Seen(event, stillLoadable(event, inUse[0]),
                connectorLoader(event)));
        ServiceRegistration<PluginListener> registration = context.registerService(PluginListener.class, listener,
                null);
        try {
            Path file = moveIn(PluginDrops.jar("test-plugin-all-types"), PluginDrops.watched(0).resolve("swap.jar"));
            String location = locationOf(file);
            await("installed", () -> seen.size() == 1);
            assertEquals(Type.INSTALLED, seen.get(0).event().type());
            assertEquals(location, seen.get(0).event().location());
            assertEquals(9, seen.get(0).event().plugins().size());
            assertTrue(seen.get(0).event().classNames().contains(SOURCE));
            inUse[0] = registry.load(SOURCE, Connector.class, null).loader();

            // The same file replaced with other content: an update of its bundle.
            Path staging = Files.createTempDirectory(Path.of("target"), "staging").resolve("swap.jar");
            Files.copy(PluginDrops.jar("test-plugin-scanned"), staging);
            Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await("updated", () -> seen.size() >= 3 && registry.plugins().stream().anyMatch(d -> d.location()
                    .equals(location) && d.className().endsWith("ScannedSourceConnector")));
            awaitQuiet(seen);
            // FileInstall updates the bundle, refreshes it and starts it again: one update, one pair of events.
            assertEquals(seen.stream().map(x -> x.event().type() + " " + x.event().classNames().size() + "/"
                    + x.event().previous().size()).toList().toString(), 3, seen.size());
            Seen updating = seen.get(1);
            Seen updated = seen.get(2);
            assertEquals(Type.UPDATING, updating.event().type());
            assertEquals(seen.get(0).event().plugins(), updating.event().plugins());
            assertTrue("the old classes load while listeners are told", updating.oldClassesLoadable());
            assertEquals(Type.UPDATED, updated.event().type());
            assertEquals(updating.event().plugins(), updated.event().previous());
            assertTrue(updated.event().classNames().contains("io.fluxgate.testplugins.scanned.ScannedSourceConnector"));
            assertNotNull("the new classes load when UPDATED is told", updated.newLoader());
            assertSame("what is loaded at UPDATED is the final revision, not one a refresh discards",
                    updated.newLoader(), registry.load("ScannedSourceConnector", Connector.class, null).loader());
            assertEquals(Set.copyOf(updated.event().plugins()), registry.plugins().stream()
                    .filter(d -> d.location().equals(location)).collect(Collectors.toSet()));
            int before = seen.size();

            inUse[0] = registry.load("ScannedSourceConnector", Connector.class, null).loader();
            Files.delete(file);
            await("removed", () -> seen.size() == before + 1);
            Seen removed = seen.get(before);
            assertEquals(Type.REMOVED, removed.event().type());
            assertEquals(Set.copyOf(updated.event().plugins()), Set.copyOf(removed.event().plugins()));
            assertTrue("the old classes load while listeners are told", removed.oldClassesLoadable());
            awaitQuiet(seen);
            assertEquals("nothing after the removal", before + 1, seen.size());
            assertTrue(registry.plugins().stream().noneMatch(d -> d.location().equals(location)));
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void aRefreshIsAnnouncedAsOneUpdate() throws Exception {
        Path file = moveIn(PluginDrops.jar("test-plugin-all-types"), PluginDrops.watched(0).resolve("refreshed.jar"));
        String location = locationOf(file);
        await("started", () -> context.getBundle(location) != null
                && context.getBundle(location).getState() == Bundle.ACTIVE);
        List<PluginEvent> seen = new CopyOnWriteArrayList<>();
        ServiceRegistration<PluginListener> registration = context.registerService(PluginListener.class, seen::add,
                null);
        try {
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            wiring.refreshBundles(List.of(context.getBundle(location)));
            await("refreshed", () -> seen.size() >= 2);
            awaitQuiet(seen);
            assertEquals(seen.toString(), List.of(Type.UPDATING, Type.UPDATED),
                    seen.stream().map(PluginEvent::type).toList());
            assertEquals(Set.copyOf(seen.get(0).plugins()), Set.copyOf(seen.get(1).plugins()));
        } finally {
            registration.unregister();
            Files.delete(file);
            await("removed again", () -> context.getBundle(location) == null && registry.plugins().stream()
                    .noneMatch(d -> d.location().equals(location)));
        }
    }

    @Test
    public void afterRemovalNoClassOfThePluginIsReachableAndItsLoaderIsCollected() throws Exception {
        Path file = moveIn(PluginDrops.jar("test-plugin-all-types"), PluginDrops.watched(0).resolve("gone.jar"));
        String location = locationOf(file);
        await("listed", () -> registry.plugins().stream().anyMatch(d -> d.location().equals(location)));
        WeakReference<ClassLoader> loader = useAndForget();

        Files.delete(file);
        // The framework forgets the bundle just before it tells its listeners, the registry among them.
        await("uninstalled and unlisted", () -> context.getBundle(location) == null && registry.plugins().stream()
                .noneMatch(d -> d.location().equals(location)));
        try {
            registry.load(SOURCE, Connector.class, null);
            fail("removed, yet loadable; listed: " + registry.plugins().stream()
                    .filter(d -> d.className().endsWith(SOURCE)).toList());
        } catch (PluginNotFoundException expected) {
            // nothing of it is reachable through the registry
        }
        long started = System.nanoTime();
        awaitCollected(loader);
        System.out.printf("The removed plugin's class loader was collected %d ms after its bundle was uninstalled%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    public void threadsARemovedPluginLeftRunningAreReported() throws Exception {
        Path file = moveIn(PluginDrops.jar("test-plugin-thread-leak"), PluginDrops.watched(0).resolve("leak.jar"));
        String location = locationOf(file);
        await("listed", () -> registry.plugins().stream().anyMatch(d -> d.location().equals(location)));
        assertTrue("discovery built the connector, which started its thread", Thread.getAllStackTraces().keySet()
                .stream().anyMatch(t -> t.getName().equals("fluxgate-test-leaked-thread")));

        Files.delete(file);
        await("uninstalled", () -> context.getBundle(location) == null);
        await("reported", () -> registry.problems().stream().anyMatch(p -> p.location().equals(location)
                && p.kind() == PluginProblem.Kind.THREADS_LEFT_RUNNING));
        PluginProblem problem = registry.problems().stream().filter(p -> p.location().equals(location))
                .findFirst().orElseThrow();
        assertTrue(problem.message(), problem.message().contains("fluxgate-test-leaked-thread"));
        assertNotNull(registry.plugins()); // and the registry goes on
    }

    /** Waits until no event came for half a second. */
    private static void awaitQuiet(List<?> events) throws InterruptedException {
        int size;
        do {
            size = events.size();
            Thread.sleep(500);
        } while (events.size() != size);
    }

    /** Loads and instantiates the plugin, keeping nothing but a weak reference to its loader. */
    private WeakReference<ClassLoader> useAndForget() {
        PluginClass<Connector> plugin = registry.load(SOURCE, Connector.class, null);
        Connector connector = plugin.newInstance();
        assertEquals("2.1.0", connector.version());
        return new WeakReference<>(plugin.loader());
    }

    /** The loader the registry answers with for the event's first connector, if it brings new classes. */
    private ClassLoader connectorLoader(PluginEvent event) {
        if (event.type() != Type.INSTALLED && event.type() != Type.UPDATED) {
            return null;
        }
        return event.plugins().stream().filter(d -> d.type().isConnector()).findFirst()
                .map(d -> registry.load(d.className(), Connector.class, d.version()).loader()).orElse(null);
    }

    /** Whether every withdrawn class (and a class of the plugin not loaded before) still loads from the old loader. */
    private static boolean stillLoadable(PluginEvent event, ClassLoader old) {
        if (event.type() != Type.UPDATING && event.type() != Type.REMOVED || old == null) {
            return false;
        }
        try {
            for (PluginDescriptor descriptor : event.plugins()) {
                old.loadClass(descriptor.className());
            }
            return true;
        } catch (ClassNotFoundException | IllegalStateException e) {
            return false;
        }
    }

    private static void awaitCollected(WeakReference<ClassLoader> loader) throws InterruptedException {
        List<byte[]> pressure = new ArrayList<>();
        for (int i = 0; i < 200 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
            if (i % 20 == 19) {
                pressure.add(new byte[1 << 20]); // a little pressure for collectors that wait for it
            }
        }
        pressure.clear();
        if (loader.get() != null) {
            fail("the removed plugin's class loader is still reachable: " + loader.get());
        }
    }
}
