package io.fluxgate.itests.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which of the platform's packages use which, read from the sources: every {@code io.fluxgate} class a source file
 * names, imported or written out in full (comments left out: a {@code {@link}} is no dependency). For each edge, the
 * classes that make it, so that a failure says what to move.
 */
final class PackageGraph {

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.fluxgate(?:\\.[a-z]\\w*)+)\\.([A-Z]\\w*)");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** Package to the packages it uses, each with the "Class -> Used" pairs that make the edge. */
    private final Map<String, Map<String, Set<String>>> edges = new TreeMap<>();

    static PackageGraph ofSources(List<Path> sourceRoots) {
        PackageGraph graph = new PackageGraph();
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    graph.addSource(file.getFileName().toString().replace(".java", ""), Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return graph;
    }

    void addSource(String className, String source) {
        String code = COMMENTS.matcher(source).replaceAll("");
        Matcher pkg = PACKAGE.matcher(code);
        if (!pkg.find()) {
            return;
        }
        String from = pkg.group(1);
        edges.computeIfAbsent(from, k -> new TreeMap<>());
        Matcher reference = REFERENCE.matcher(code);
        while (reference.find()) {
            String to = reference.group(1);
            if (!to.equals(from)) {
                edges.get(from).computeIfAbsent(to, k -> new TreeSet<>()).add(className + " -> " + reference.group(2));
            }
        }
    }

    Set<String> packages() {
        return edges.keySet();
    }

    Map<String, Set<String>> uses(String pkg) {
        return edges.getOrDefault(pkg, Map.of());
    }

    /** The cycles: the strongly connected components of more than one package (Tarjan), each sorted. */
    List<List<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> cycles = new ArrayList<>();
        int[] next = {0};
        for (String pkg : edges.keySet()) {
            if (!index.containsKey(pkg)) {
                connect(pkg, index, low, stack, onStack, cycles, next);
            }
        }
        return cycles;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            Set<String> onStack, List<List<String>> cycles, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : uses(v).keySet()) {
            if (!edges.containsKey(w)) {
                continue; // not a package of these sources
            }
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, cycles, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                cycles.add(component);
            }
        }
    }

    /** The edges within {@code cycle}, with their classes: what a failure message shows. */
    String describe(List<String> cycle) {
        StringBuilder text = new StringBuilder();
        for (String from : cycle) {
            for (String to : cycle) {
                Set<String> why = uses(from).get(to);
                if (why != null) {
                    text.append("\n  ").append(from).append(" -> ").append(to).append(": ").append(why);
                }
            }
        }
        return text.toString();
    }
}
