package io.fluxgate.plugins;

import java.io.File;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.osgi.service.component.annotations.Component;

import io.fluxgate.api.plugins.PluginProblem;
import io.fluxgate.api.plugins.PluginProblem.Kind;

/**
 * The plugin problems operators see through {@link io.fluxgate.api.plugins.PluginRegistry#problems()}: reported by
 * the deployer (files it rejects, dependencies they lack) and by the registry (bundles that do not resolve, classes that fail, threads left
 * running). A service of this bundle only, so both report into one place.
 *
 * <p>A problem lasts while it is true: one about a file goes with the file (FileInstall tells nobody about a file it
 * never installed, so that is checked when the list is read), one about threads goes when they end, and the others
 * are cleared by whoever reported them once the thing is fixed.
 */
@Component(service = PluginProblems.class)
public final class PluginProblems {

    /** The kinds about a file as a whole, which a new verdict on the file replaces. */
    public static final Set<Kind> ARTIFACT_KINDS = EnumSet.of(Kind.NOT_A_PLUGIN, Kind.UNREADABLE, Kind.NOT_WRAPPED,
            Kind.MISSING_DEPENDENCIES);
    /** The kinds about an installed bundle, which its next resolution replaces. */
    public static final Set<Kind> BUNDLE_KINDS = EnumSet.of(Kind.NOT_RESOLVED, Kind.CLASS_FAILED, Kind.NO_MANIFESTS);

    private record Key(String location, Kind kind, String className) {
    }

    private record Entry(PluginProblem problem, BooleanSupplier stillTrue) {
    }

    private final Map<Key, Entry> problems = new ConcurrentHashMap<>();
    private final Clock clock;

    public PluginProblems() {
        this(Clock.systemUTC());
    }

    PluginProblems(Clock clock) {
        this.clock = clock;
    }

    /** Reports a problem that lasts until cleared, or while its location is an existing file. */
    public void report(String location, Kind kind, String className, String message) {
        report(location, kind, className, message, () -> fileExists(location));
    }

    /** Reports a problem that lasts while {@code stillTrue} says so. Reporting it again keeps its first time. */
    public void report(String location, Kind kind, String className, String message, BooleanSupplier stillTrue) {
        Key key = new Key(location, kind, className);
        Entry before = problems.get(key);
        PluginProblem problem = new PluginProblem(location, kind, className, message,
                before != null ? before.problem().since() : clock.instant());
        problems.put(key, new Entry(problem, stillTrue));
    }

    /** Forgets the problems of these kinds at {@code location}. */
    public void clear(String location, Set<Kind> kinds) {
        problems.keySet().removeIf(key -> key.location().equals(location) && kinds.contains(key.kind()));
    }

    /** The problems still true, oldest first. */
    public List<PluginProblem> list() {
        problems.values().removeIf(entry -> !entry.stillTrue().getAsBoolean());
        List<PluginProblem> list = new ArrayList<>();
        problems.values().forEach(entry -> list.add(entry.problem()));
        list.sort(Comparator.comparing(PluginProblem::since).thenComparing(PluginProblem::location)
                .thenComparing(PluginProblem::kind)
                .thenComparing(problem -> Objects.toString(problem.className(), "")));
        return list;
    }

    /** True unless {@code location} is a {@code file:} URI of something no longer there. */
    private static boolean fileExists(String location) {
        try {
            URI uri = URI.create(location);
            return !"file".equals(uri.getScheme()) || new File(uri).exists();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
