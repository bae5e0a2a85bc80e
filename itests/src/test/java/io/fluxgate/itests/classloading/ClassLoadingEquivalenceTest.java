package io.fluxgate.itests.classloading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Real third-party plugins, as their users install them, find every class their jars reference on Fluxgate exactly
 * when they find it on Apache Kafka Connect 4.3.1, and from the same place (docs/plugin-class-loading.md).
 *
 * <p>For each plugin, {@link ClassLoadingProbe} loads the same names twice, each time in a child JVM of its own: every
 * class of the plugin's archives and every class their class files reference (constant-pool classes and field and
 * method descriptors). Once on Apache's terms: the class path is Apache's worker class path, resolved from Apache's
 * POMs alone (itests/apache-worker-class-path: connect-runtime, MirrorMaker 2, the basic auth extension and the broker
 * with their dependency trees), and the loader is Apache's own {@code PluginClassLoader} over Apache's
 * {@code PluginUtils.pluginUrls}. Once on Fluxgate's: the class path is the assembled distribution's {@code lib/*}, as
 * bin/fluxgate-run.sh sets it, and the loader is the one the running worker makes, Fluxgate's
 * {@code PluginClassLoader} over the plugin's content as {@code PluginContentStore} keeps it (a directory arrives as
 * FileInstall's jar of it), under {@code WorkerClassPath.of(lib/connect-runtime)}. The outcomes (plugin, worker, JDK,
 * missing, linkage error) and the archive each class came from must be the same, name by name.
 *
 * <p>The names are what linking resolves: an annotation type that a class file names only in its annotation
 * attributes is not among them (the JVM ignores a missing annotation type anyway). Apache's jars are on the class path
 * in name order, as {@code kafka-run-class.sh} lists {@code libs/*} (in the C locale).
 *
 * <p>One simplification, on Apache's side: a plugin's loader there has Apache's {@code DelegatingClassLoader} as
 * parent, whose own parent is the application class loader; the probe gives it the application class loader
 * directly. What that leaves out is only the {@code DelegatingClassLoader}'s own answer, a class of <em>another</em>
 * plugin found by name, which Fluxgate refuses on purpose (plugins are isolated from each other).
 *
 * <p>The differences that are deliberate are in {@link #ALLOWED}, each with its reason, and every run prints how many
 * names each covered; any other difference fails the test, listed name by name, grouped by what happened on each side.
 * Both probes' answers stay in target/class-loading-equivalence/PLUGIN/{apache,fluxgate}.tsv.
 */
class ClassLoadingEquivalenceTest {

    /** A difference known and wanted, with why. Kept small: each entry is a claim that the difference is harmless. */
    private record Allowance(String why, Predicate<Difference> covers) {
    }

    private static final List<Allowance> ALLOWED = List.of(
            // Fluxgate logs through slf4j-api 2.0.17 and logback on the launcher class path; Apache 4.3.1's POMs
            // resolve slf4j-api 1.7.36. org.slf4j is never
            // isolated, so a plugin gets the worker's slf4j API on both sides, one API level up on Fluxgate: its
            // 2.x-only classes are found where Apache finds none, and the few 1.7 classes that 2.0 dropped
            // (org.slf4j.event.EventRecodingLogger) come from the plugin's own slf4j-api when it carries one.
            new Allowance("logging API: org.slf4j from Fluxgate's slf4j-api-2.0.17.jar (or, for what 2.0 dropped, "
                    + "from the plugin's own slf4j-api), where Apache's POMs give slf4j-api-1.7.36.jar",
                    d -> d.name().startsWith("org.slf4j.")
                            && (d.apache().is("worker", "slf4j-api-1.7.36.jar") || d.apache().is("missing", ""))
                            && (d.fluxgate().is("worker", "slf4j-api-2.0.17.jar")
                                    || d.fluxgate().outcome().equals("plugin")
                                            && d.fluxgate().source().matches("(.*/)?slf4j-api-[^/]*\\.jar"))));

    @Test
    void debeziumPostgresLoadsAsOnApache() throws Exception {
        assertEquivalent(realPlugin("debezium-connector-postgres"));
    }

    @Test
    void mirrorMakerAsAPluginDirectoryLoadsAsOnApache() throws Exception {
        assertEquivalent(realPlugin("connect-mirror"));
    }

    @Test
    void connectFileJarLoadsAsOnApache() throws Exception {
        assertEquivalent(distribution().resolve("plugins").resolve("connect-file-" + kafkaVersion() + ".jar"));
    }

    /**
     * Whatever a plugin may reference: every jar of Apache's worker class path is in the distribution's lib/ or
     * lib/connect-runtime/, at Apache's version (slf4j-api aside, see {@link #ALLOWED}). The plugins above reference
     * only part of it; a jar missing here would fail the first plugin that needs it.
     */
    @Test
    void everyJarOfApachesWorkerClassPathIsOnFluxgates() throws IOException {
        Set<String> fluxgate = new TreeSet<>();
        for (Path dir : List.of(distribution().resolve("lib"), distribution().resolve("lib/connect-runtime"))) {
            try (Stream<Path> jars = Files.list(dir)) {
                jars.map(jar -> jar.getFileName().toString()).filter(name -> name.endsWith(".jar"))
                        .forEach(fluxgate::add);
            }
        }
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> jars = Files.list(Path.of(property("fluxgate.apache.worker.class.path")))) {
            jars.map(jar -> jar.getFileName().toString())
                    .filter(name -> name.endsWith(".jar") && !fluxgate.contains(name) && !name.startsWith("slf4j-api-"))
                    .forEach(missing::add);
        }
        assertEquals(Set.of(), missing, "jars of Apache 4.3.1's worker class path missing from the distribution");
    }

    private void assertEquivalent(Path plugin) throws Exception {
        assertTrue(Files.exists(plugin), plugin + " is missing: run mvn install first");
        String name = plugin.getFileName().toString();
        Path work = workDirectory(name);
        Path names = work.resolve("names.txt");

        // Fluxgate first: it also writes the names both probe.
        List<String> fluxgateArgs = new ArrayList<>(List.of("fluxgate", plugin.toString(), names.toString(),
                work.resolve("fluxgate.tsv").toString(), distribution().toString(),
                work.resolve("plugin-content").toString()));
        if (Files.isDirectory(plugin)) {
            // What FileInstall hands the deployer for a directory: its own jar of the directory's files, written by
            // FileInstall's own code (DirectoryWatcher does the same with Util.jarDir).
            Path directoryJar = Files.createDirectories(work.resolve("fileinstall-tmp")).resolve(name + ".jar");
            org.apache.felix.fileinstall.internal.Util.jarDir(plugin.toFile(), directoryJar.toFile());
            fluxgateArgs.add(directoryJar.toString());
        }
        Map<String, Result> fluxgate = probe(work, "fluxgate", fluxgateClassPath(), fluxgateArgs);
        Map<String, Result> apache = probe(work, "apache", apacheClassPath(),
                List.of("apache", plugin.toString(), names.toString(), work.resolve("apache.tsv").toString()));
        assertEquals(apache.keySet(), fluxgate.keySet(), name + ": both probes answer for the same names");
        assertTrue(apache.values().stream().anyMatch(result -> result.outcome().equals("plugin")),
                name + ": Apache loads none of its classes from the plugin; is it a plugin at all?");

        List<Difference> differences = new ArrayList<>();
        apache.forEach((className, onApache) -> {
            Result onFluxgate = fluxgate.get(className);
            if (!onApache.sameAs(onFluxgate)) {
                differences.add(new Difference(className, onApache, onFluxgate));
            }
        });
        Map<Allowance, List<String>> allowed = new LinkedHashMap<>();
        List<Difference> unexplained = new ArrayList<>();
        for (Difference difference : differences) {
            Allowance allowance = ALLOWED.stream().filter(a -> a.covers().test(difference)).findFirst().orElse(null);
            if (allowance == null) {
                unexplained.add(difference);
            } else {
                allowed.computeIfAbsent(allowance, a -> new ArrayList<>()).add(difference.name());
            }
        }

        int allowedNames = differences.size() - unexplained.size();
        String onApache = totals(apache);
        String onFluxgate = totals(fluxgate);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%s: %,d names: %s", name, apache.size(),
                onApache.equals(onFluxgate) ? onApache : "on Apache " + onApache + "; on Fluxgate " + onFluxgate));
        report.append(!unexplained.isEmpty() ? String.format(Locale.ROOT, "; %,d differ", unexplained.size())
                : allowedNames == 0 ? "; identical on Apache and Fluxgate"
                : "; identical on Apache and Fluxgate but for " + count(allowedNames, "allowed name"));
        report.append('\n');
        for (Allowance allowance : ALLOWED) {
            List<String> covered = allowed.getOrDefault(allowance, List.of());
            report.append(String.format(Locale.ROOT, "  allowed, %s: %s%s%n", count(covered.size(), "name"),
                    allowance.why(),
                    covered.isEmpty() ? "" : " (" + String.join(", ", covered.subList(0, Math.min(3, covered.size())))
                            + (covered.size() > 3 ? ", ..." : "") + ")"));
        }
        System.out.print(report);
        if (!unexplained.isEmpty()) {
            fail(report + describe(name, unexplained));
        }
    }

    /** The per-outcome counts, errors by kind: "plugin 9,876, worker 3,210, jdk 7,000, missing 259". */
    private static String totals(Map<String, Result> results) {
        Map<String, Long> counts = results.values().stream().collect(Collectors.groupingBy(Result::outcome,
                TreeMap::new, Collectors.counting()));
        List<String> order = new ArrayList<>(List.of("plugin", "worker", "jdk", "missing"));
        counts.keySet().stream().filter(outcome -> !order.contains(outcome)).forEach(order::add);
        return order.stream().map(outcome -> String.format(Locale.ROOT, "%s %,d", outcome,
                counts.getOrDefault(outcome, 0L))).collect(Collectors.joining(", "));
    }

    /** Every unexplained difference, grouped by what happened on each side, the largest group first. */
    private static String describe(String plugin, List<Difference> differences) {
        Map<String, List<Difference>> groups = differences.stream().collect(Collectors.groupingBy(
                d -> "on Apache " + d.apache() + ", on Fluxgate " + d.fluxgate(), TreeMap::new, Collectors.toList()));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s: %s load differently on Fluxgate than on Apache Kafka Connect 4.3.1, in %s:%n",
                plugin, count(differences.size(), "name"), count(groups.size(), "group")));
        groups.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size()).forEach(group -> {
            text.append(String.format(Locale.ROOT, "- %s: %s%n", group.getKey(), count(group.getValue().size(),
                    "name")));
            for (Difference d : group.getValue()) {
                text.append("    ").append(d.name());
                String detail = !d.apache().detail().isEmpty() ? d.apache().detail() : d.fluxgate().detail();
                text.append(detail.isEmpty() ? "" : "  (" + detail + ")").append('\n');
            }
        });
        return text.toString();
    }

    private static String count(int n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** Runs the probe in a JVM of its own and reads its answers, name by name. */
    private static Map<String, Result> probe(Path work, String mode, String classPath, List<String> args)
            throws IOException, InterruptedException {
        Path log = work.resolve(mode + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                ClassLoadingProbe.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(mode + " probe did not end within 5 minutes: " + tail(log));
        }
        if (process.exitValue() != 0) {
            fail(mode + " probe failed with status " + process.exitValue() + ":\n" + tail(log));
        }
        System.out.print(tail(log));
        Map<String, Result> results = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args.get(3)), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", 4);
            results.put(fields[0], new Result(fields[1], fields[2], fields.length > 3 ? fields[3] : ""));
        }
        return results;
    }

    /**
     * What bin/fluxgate-run.sh puts on the class path ({@code lib/*}, expanded by the JVM in the same way), the two
     * platform bundles whose classes build the plugin's loader (the registry, and fluxgate-api that it needs; both
     * hidden from plugins by the worker class path, as all of {@code io.fluxgate}), and the probe.
     */
    private static String fluxgateClassPath() throws IOException {
        Path system = distribution().resolve("system").resolve("2");
        return String.join(File.pathSeparator, distribution().resolve("lib").resolve("*").toString(),
                single(system, "fluxgate-plugin-registry-*.jar").toString(), single(system, "fluxgate-api-*.jar")
                        .toString(), testClasses().toString());
    }

    /** Apache's worker class path, its jars in name order as kafka-run-class.sh lists libs/*, and the probe. */
    private static String apacheClassPath() throws IOException {
        Path reference = Path.of(property("fluxgate.apache.worker.class.path"));
        List<String> entries;
        try (Stream<Path> jars = Files.list(reference)) {
            entries = new ArrayList<>(jars.filter(jar -> jar.toString().endsWith(".jar")).map(Path::toString)
                    .sorted().toList());
        }
        assertTrue(entries.size() > 50, "Apache's worker class path at " + reference + " is not there: run mvn install");
        entries.add(testClasses().toString());
        return String.join(File.pathSeparator, entries);
    }

    private static Path single(Path dir, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            files.forEach(found::add);
        }
        assertEquals(1, found.size(), "one " + glob + " in " + dir + ": " + found);
        return found.get(0);
    }

    private static Path distribution() {
        Path home = Path.of(property("fluxgate.distribution"));
        assertTrue(Files.isDirectory(home.resolve("lib")), "No assembled distribution at " + home
                + ": run mvn install");
        return home;
    }

    /**
     * Where one plugin's probes write (the names, both answers, their logs, Fluxgate's content store), emptied first
     * and kept after the run: target/class-loading-equivalence/PLUGIN/.
     */
    private static Path workDirectory(String plugin) throws IOException {
        Path work = Path.of(System.getProperty("basedir", "."), "target", "class-loading-equivalence", plugin);
        if (Files.exists(work)) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(work);
    }

    private static Path realPlugin(String name) {
        return Path.of(property("fluxgate.real.plugins"), name);
    }

    /** A path itests/pom.xml passes to surefire. */
    private static String property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null && !value.isBlank(), name + " is not set: run the test through Maven (itests/pom.xml)");
        return value;
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }

    private static Path testClasses() {
        try {
            return Path.of(ClassLoadingProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
    }

    /** One name's answer on one side. The detail (an error's message) names loaders: it is shown, not compared. */
    record Result(String outcome, String source, String detail) {

        boolean sameAs(Result other) {
            return outcome.equals(other.outcome) && source.equals(other.source);
        }

        boolean is(String outcome, String source) {
            return this.outcome.equals(outcome) && this.source.equals(source);
        }

        @Override
        public String toString() {
            return source.isEmpty() ? outcome : outcome + " (" + source + ")";
        }
    }

    /** A name whose answer differs. */
    record Difference(String name, Result apache, Result fluxgate) {
    }
}
