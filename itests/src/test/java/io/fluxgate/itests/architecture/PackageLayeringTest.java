package io.fluxgate.itests.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The platform's package structure, enforced by the build: no package of any bundle or of the launcher uses, however
 * indirectly, a package that uses it; and the runtime bundle's packages keep their layers, each using only the layers
 * below it (the layers are written down in {@code docs/architecture.md}). Read from the sources of the repository.
 */
class PackageLayeringTest {

    /** The runtime bundle's packages, lowest layer first; a package may use those of lower layers only. */
    static final List<Set<String>> RUNTIME_LAYERS = List.of(
            Set.of("isolation", "status"),
            Set.of("config", "metrics"),
            Set.of("errors", "storage"),
            Set.of("transforms", "offsets"),
            Set.of("task"),
            Set.of("worker"),
            Set.of("herder"),
            Set.of("standalone", "distributed", "health"),
            Set.of("mode"));
    private static final String RUNTIME = "io.fluxgate.runtime.";

    @Test
    void noPackageOfThePlatformIsInACycle() throws IOException {
        PackageGraph graph = PackageGraph.ofSources(sourceRoots());
        assertTrue(graph.packages().size() > 40, "the sources were found: " + graph.packages().size());
        List<List<String>> cycles = graph.cycles();
        StringBuilder why = new StringBuilder();
        cycles.forEach(cycle -> why.append("\n").append(cycle).append(graph.describe(cycle)));
        assertEquals(List.of(), cycles, "package cycles:" + why);
    }

    @Test
    void theRuntimePackagesUseOnlyTheLayersBelowThem() throws IOException {
        PackageGraph graph = PackageGraph.ofSources(sourceRoots());
        assertEquals(List.of(), layeringViolations(graph));
        // Every package of the runtime bundle has its layer: a new one must be placed.
        for (String pkg : graph.packages()) {
            if (pkg.startsWith(RUNTIME)) {
                assertTrue(layer(pkg.substring(RUNTIME.length())) >= 0, pkg + " has no layer in RUNTIME_LAYERS");
            }
        }
    }

    /** The checks fail on what they are there to catch. */
    @Test
    void theChecksCatchACycleAndAnUpwardUse() {
        PackageGraph graph = new PackageGraph();
        graph.addSource("Task", "package io.fluxgate.runtime.task;\nimport io.fluxgate.runtime.worker.Worker;\n");
        graph.addSource("Worker", "package io.fluxgate.runtime.worker;\nimport io.fluxgate.runtime.task.Task;\n");
        graph.addSource("Doc", "package io.fluxgate.runtime.config;\n/** {@link io.fluxgate.runtime.worker.W} */\n");
        assertEquals(List.of(List.of("io.fluxgate.runtime.task", "io.fluxgate.runtime.worker")), graph.cycles());
        assertEquals(List.of("io.fluxgate.runtime.task -> io.fluxgate.runtime.worker: [Task -> Worker]"),
                layeringViolations(graph));
    }

    private static List<String> layeringViolations(PackageGraph graph) {
        List<String> violations = new ArrayList<>();
        for (String pkg : graph.packages()) {
            if (!pkg.startsWith(RUNTIME)) {
                continue;
            }
            int from = layer(pkg.substring(RUNTIME.length()));
            for (Map.Entry<String, Set<String>> use : graph.uses(pkg).entrySet()) {
                if (use.getKey().startsWith(RUNTIME) && layer(use.getKey().substring(RUNTIME.length())) >= from) {
                    violations.add(pkg + " -> " + use.getKey() + ": " + use.getValue());
                }
            }
        }
        return violations;
    }

    private static int layer(String pkg) {
        String top = pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
        for (int i = 0; i < RUNTIME_LAYERS.size(); i++) {
            if (RUNTIME_LAYERS.get(i).contains(top)) {
                return i;
            }
        }
        return -1;
    }

    /** The main sources of every bundle and of the launcher, from the repository this test runs in. */
    private static List<Path> sourceRoots() throws IOException {
        Path repository = Path.of("").toAbsolutePath().getParent();
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> bundles = Files.list(repository.resolve("bundles"))) {
            bundles.map(b -> b.resolve("src/main/java")).filter(Files::isDirectory).sorted().forEach(roots::add);
        }
        try (Stream<Path> launcherSide = Files.list(repository.resolve("launcher"))) {
            launcherSide.map(b -> b.resolve("src/main/java")).filter(Files::isDirectory).sorted().forEach(roots::add);
        }
        return roots;
    }
}
