package io.fluxgate.itests.osgi;

import static io.fluxgate.itests.osgi.PluginDrops.await;
import static io.fluxgate.itests.osgi.PluginDrops.locationOf;
import static io.fluxgate.itests.osgi.PluginDrops.moveIn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import io.fluxgate.api.plugins.PluginProblem;
import io.fluxgate.api.plugins.PluginProblem.Kind;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * Faulty deliveries are reported (log, and {@link PluginRegistry#problems()} for operators) and never stop the
 * registry from serving the others: a jar that is not a plugin, a corrupt jar, a plugin with a class whose dependency
 * is missing, one whose static initializer throws, a bundle that cannot be resolved.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FaultyPluginsTest {

    @Inject
    private BundleContext context;

    @Inject
    private PluginRegistry registry;

    @Configuration
    public Option[] configuration() throws IOException {
        return PluginDrops.options(1).toArray(Option[]::new);
    }

    @Test
    public void rejectedFilesAreReportedUntilRemoved() throws Exception {
        Path library = moveIn(PluginDrops.jar("test-plugin-not-a-plugin"),
                PluginDrops.watched(0).resolve("not-a-plugin.jar"));
        Path corrupt = Files.write(PluginDrops.watched(0).resolve("corrupt.jar"),
                "PK\u0003\u0004 not really a zip".getBytes(StandardCharsets.UTF_8));

        await("both reported", () -> problem(library, null).isPresent() && problem(corrupt, null).isPresent());
        assertEquals(Kind.NOT_A_PLUGIN, problem(library, null).get().kind());
        assertEquals(Kind.UNREADABLE, problem(corrupt, null).get().kind());
        assertNull(context.getBundle(locationOf(library)));
        assertNull(context.getBundle(locationOf(corrupt)));
        assertNotNull(registry.load("Json", Converter.class, null));

        Files.delete(library);
        Files.delete(corrupt);
        assertTrue(problem(library, null).isEmpty());
        assertTrue(problem(corrupt, null).isEmpty());
    }

    @Test
    public void aClassThatCannotLoadIsReportedAndItsNeighboursServe() throws Exception {
        Path missing = moveIn(PluginDrops.jar("test-plugin-missing-dependency"),
                PluginDrops.watched(0).resolve("missing-dependency.jar"));
        Path exploding = moveIn(PluginDrops.jar("test-plugin-static-init-failure"),
                PluginDrops.watched(0).resolve("static-init-failure.jar"));
        await("the working neighbours are listed", () -> listed("WorkingConverter") && listed("CalmTransformation"));

        assertNotNull(registry.load("WorkingConverter", Converter.class, null).newInstance());
        assertNotNull(registry.load("CalmTransformation", Transformation.class, null).newInstance());
        assertTrue(!listed("MissingDependencyConverter") && !listed("ExplodingTransformation"));

        PluginProblem noDependency = problem(missing,
                "io.fluxgate.testplugins.missingdependency.MissingDependencyConverter").orElseThrow();
        assertEquals(Kind.CLASS_FAILED, noDependency.kind());
        assertTrue(noDependency.message(), noDependency.message().contains("com/google/common/base/Supplier"));
        // Known when the jar was deployed, before any class was used: the package it needs that nobody provides.
        PluginProblem missingPackages = registry.problems().stream().filter(p -> p.location()
                .equals(locationOf(missing)) && p.kind() == Kind.MISSING_DEPENDENCIES).findFirst().orElseThrow();
        assertTrue(missingPackages.message(), missingPackages.message().contains("com.google.common.base (used by "
                + "io.fluxgate.testplugins.missingdependency.MissingDependencyConverter)"));
        PluginProblem staticInit = problem(exploding,
                "io.fluxgate.testplugins.staticinit.ExplodingTransformation").orElseThrow();
        assertEquals(Kind.CLASS_FAILED, staticInit.kind());
        assertTrue(staticInit.message(), staticInit.message().contains("statically initialize")
                && staticInit.message().contains("exploding on purpose"));

        Files.delete(missing);
        Files.delete(exploding);
        await("gone with their files", () -> !listed("WorkingConverter") && !listed("CalmTransformation"));
        assertTrue(registry.problems().stream().noneMatch(p -> p.location().equals(locationOf(missing))
                || p.location().equals(locationOf(exploding))));
    }

    /**
     * A jar that happens to be an OSGi bundle is a jar like any other, as on Apache: its OSGi headers are not read, so
     * an import nobody exports cannot keep it from working, and an export cannot change what other plugins see.
     */
    @Test
    public void aJarWithOsgiHeadersIsAPluginLikeAnyOther() throws Exception {
        Path bundle = PluginDrops.watched(0).resolveSibling("osgi-headers.jar");
        Manifest manifest = new Manifest();
        try (var in = new java.util.jar.JarFile(PluginDrops.jar("test-plugin-all-types").toFile())) {
            manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", "authored.as.a.bundle");
            manifest.getMainAttributes().putValue("Import-Package", "com.example.nowhere");
            manifest.getMainAttributes().putValue("Export-Package", "org.apache.kafka.connect.data;version=99");
            try (OutputStream out = Files.newOutputStream(bundle);
                    JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (var entry : java.util.Collections.list(in.entries())) {
                    if (!entry.getName().equals("META-INF/MANIFEST.MF")) {
                        jar.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                        in.getInputStream(entry).transferTo(jar);
                        jar.closeEntry();
                    }
                }
            }
        }
        Path dropped = Files.move(bundle, PluginDrops.watched(0).resolve("osgi-headers.jar"));
        String location = locationOf(dropped);

        await("listed", () -> registry.plugins().stream().anyMatch(d -> d.location().equals(location)));
        assertTrue(problem(dropped, null).isEmpty());
        assertEquals("fluxgate.plugin.osgi-headers", context.getBundle(location).getSymbolicName());
        assertNotNull(registry.load("Json", Converter.class, null));

        Files.delete(dropped);
        await("uninstalled", () -> context.getBundle(location) == null);
    }

    /**
     * A bundle installed by other means (an operator through the Web Console) that exports the platform's packages at
     * a higher version is never wired to: the next bundle still gets the platform's Kafka classes.
     */
    @Test
    public void noBundleStandsInForThePlatformsPackages() throws Exception {
        Bundle impostor = context.installBundle("impostor", manifestOnly("impostor",
                "Export-Package", "org.apache.kafka.connect.data;version=99,org.apache.kafka.common;version=99"));
        Bundle user = context.installBundle("user", manifestOnly("user",
                "Import-Package", "org.apache.kafka.connect.data;version=\"[1,100)\""));
        try {
            user.start();
            BundleWiring wiring = user.adapt(BundleWiring.class);
            List<BundleWire> wires = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
            assertEquals(1, wires.size());
            assertEquals(0, wires.get(0).getProvider().getBundle().getBundleId());
        } finally {
            user.uninstall();
            impostor.uninstall();
        }
    }

    private static java.io.InputStream manifestOnly(String name, String header, String value) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", name);
        manifest.getMainAttributes().putValue(header, value);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.flush();
        }
        return new java.io.ByteArrayInputStream(bytes.toByteArray());
    }

    private boolean listed(String simpleName) {
        return registry.plugins().stream().anyMatch(d -> d.className().endsWith("." + simpleName));
    }

    private Optional<PluginProblem> problem(Path file, String className) {
        String location = locationOf(file);
        List<PluginProblem> problems = registry.problems();
        return problems.stream().filter(p -> p.location().equals(location)
                && (className == null || className.equals(p.className()))).findFirst();
    }
}
