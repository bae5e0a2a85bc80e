package io.fluxgate.plugins.content;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import io.fluxgate.api.plugins.PluginType;

/**
 * What reading a plugin's archives once tells, kept beside its content so that nothing is read twice: the plugin
 * classes its own KIP-898 manifests declare, those Kafka's reflective scan would find in its class files, and the
 * packages its classes reference that neither it nor the worker class path nor the JDK provides.
 *
 * @param declared by plugin type, the class names the plugin's own {@code META-INF/services} files list
 * @param scanned  the public concrete classes that implement a scanned plugin type, with those types
 * @param missing  each package referenced but provided by nobody, with one class that references it
 */
public record ContentIndex(Map<PluginType, List<String>> declared, Map<String, Set<PluginType>> scanned,
        Map<String, String> missing) {

    /** Changes whenever what an index holds changes, so that older indexes are computed again. */
    static final String FORMAT = "1";

    public ContentIndex {
        Map<PluginType, List<String>> byType = new EnumMap<>(PluginType.class);
        declared.forEach((type, names) -> byType.put(type, List.copyOf(names)));
        declared = Collections.unmodifiableMap(byType);
        scanned = Collections.unmodifiableMap(new LinkedHashMap<>(scanned));
        missing = Collections.unmodifiableMap(new TreeMap<>(missing));
    }

    /** True when the plugin declares any plugin in its own manifests. */
    public boolean hasManifests() {
        return declared.values().stream().anyMatch(names -> !names.isEmpty());
    }

    /** True when it declares or contains any plugin at all. */
    public boolean hasPlugins() {
        return hasManifests() || !scanned.isEmpty();
    }

    void write(Writer out) throws IOException {
        Properties props = new Properties();
        props.setProperty("format", FORMAT);
        declared.forEach((type, names) -> props.setProperty("declared." + type.name(), String.join(",", names)));
        scanned.forEach((name, types) -> props.setProperty("scanned." + name,
                String.join(",", types.stream().map(Enum::name).toList())));
        missing.forEach((pkg, referrer) -> props.setProperty("missing." + pkg, referrer));
        props.store(out, "What Fluxgate read in this plugin's archives");
    }

    /** The index written by {@link #write}, or null when it is of another format. */
    static ContentIndex read(Reader in) throws IOException {
        Properties props = new Properties();
        props.load(in);
        if (!FORMAT.equals(props.getProperty("format"))) {
            return null;
        }
        Map<PluginType, List<String>> declared = new EnumMap<>(PluginType.class);
        Map<String, Set<PluginType>> scanned = new TreeMap<>();
        Map<String, String> missing = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            if (key.startsWith("declared.")) {
                declared.put(PluginType.valueOf(key.substring("declared.".length())), split(value));
            } else if (key.startsWith("scanned.")) {
                Set<PluginType> types = EnumSet.noneOf(PluginType.class);
                split(value).forEach(type -> types.add(PluginType.valueOf(type)));
                scanned.put(key.substring("scanned.".length()), types);
            } else if (key.startsWith("missing.")) {
                missing.put(key.substring("missing.".length()), value);
            }
        }
        return new ContentIndex(declared, scanned, missing);
    }

    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }
}
