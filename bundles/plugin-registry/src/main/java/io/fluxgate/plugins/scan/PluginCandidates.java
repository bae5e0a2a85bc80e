package io.fluxgate.plugins.scan;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.fluxgate.api.plugins.PluginType;

/**
 * The classes of one jar (or bundle) that Kafka Connect's reflective scan would take for plugins: public concrete
 * classes that are, through the jar's own hierarchy or the platform's classes they extend, subtypes of a connector,
 * converter, header converter, transformation or predicate. As in Kafka's {@code ReflectionScanner}, config providers,
 * REST extensions and client config override policies are never found this way: they need their manifest.
 *
 * <p>Only classes outside the jar are loaded (through {@code external}), and only when the jar's hierarchy leads to
 * them: for a plugin jar those are the platform's few base classes.
 */
public final class PluginCandidates {

    /** The plugin types Kafka finds by scanning. */
    public static final Set<PluginType> SCANNED = EnumSet.of(PluginType.SOURCE, PluginType.SINK,
            PluginType.CONVERTER, PluginType.HEADER_CONVERTER, PluginType.TRANSFORMATION, PluginType.PREDICATE);

    private static final Set<PluginType> NONE = EnumSet.noneOf(PluginType.class);

    private final Map<String, ClassHeader> local;
    private final Function<String, Class<?>> external;
    private final Map<String, Set<PluginType>> memo = new HashMap<>();

    /**
     * @param local    the jar's classes by binary name
     * @param external loads a class the jar does not contain, or answers null when it cannot
     */
    public PluginCandidates(Map<String, ClassHeader> local, Function<String, Class<?>> external) {
        this.local = local;
        this.external = external;
    }

    /** Each candidate class with the plugin types it implements, in the jar's order. */
    public Map<String, Set<PluginType>> find() {
        Map<String, Set<PluginType>> found = new LinkedHashMap<>();
        for (ClassHeader header : local.values()) {
            if (header.isPublicConcrete()) {
                Set<PluginType> types = typesOf(header.name());
                if (!types.isEmpty()) {
                    found.put(header.name(), types);
                }
            }
        }
        return found;
    }

    private Set<PluginType> typesOf(String name) {
        Set<PluginType> known = memo.get(name);
        if (known != null) {
            return known;
        }
        memo.put(name, NONE); // a cycle (only in a broken jar) ends here
        Set<PluginType> types = EnumSet.noneOf(PluginType.class);
        for (PluginType type : SCANNED) {
            if (type.superType().getName().equals(name)) {
                types.add(type);
            }
        }
        ClassHeader header = local.get(name);
        if (header != null) {
            for (String superType : header.superTypes()) {
                types.addAll(typesOf(superType));
            }
        } else if (types.isEmpty() && !name.startsWith("java.")) {
            Class<?> loaded = external.apply(name);
            if (loaded != null) {
                for (PluginType type : SCANNED) {
                    if (type.superType().isAssignableFrom(loaded)) {
                        types.add(type);
                    }
                }
            }
        }
        Set<PluginType> result = types.isEmpty() ? NONE : types;
        memo.put(name, result);
        return result;
    }
}
