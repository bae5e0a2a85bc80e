package io.fluxgate.plugins.wrap;

import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A wrapped plugin's Import-Package, after Kafka Connect's isolation rule ({@code PluginUtils.EXCLUDE}): Kafka's and
 * slf4j's packages always come from the platform, so that a plugin and the worker agree on the classes of the
 * Connect API and of logging; everything else is the plugin's own.
 * <ul>
 * <li>A package the plugin uses and the platform exports (Kafka, slf4j, the JDK) is imported, and required.</li>
 * <li>A package of Kafka's or slf4j's the plugin carries itself (a shaded copy) is imported all the same when the
 *     platform has it: the import wins over the copy. Its other own packages stay private.</li>
 * <li>Anything else it uses but does not carry is optional: the bundle always resolves, and a class that is
 *     really missing fails when used, as on Kafka's class path.</li>
 * <li>Every other package of Kafka's or slf4j's is a dynamic import: a class the plugin names at run time only (a
 *     converter or a Kafka class given by name in a config) still comes from the platform, as Kafka's
 *     {@code PluginClassLoader} delegates those names to its parent.</li>
 * </ul>
 * Nothing is exported, so no plugin sees another's classes.
 */
final class ImportPolicy {

    private static final Pattern ALWAYS_FROM_PLATFORM =
            Pattern.compile("org\\.apache\\.kafka(\\..*)?|org\\.slf4j(\\..*)?");

    /** The dynamic imports of every wrapped plugin: the rest of what Kafka always takes from its parent. */
    static final String DYNAMIC_IMPORTS = "org.apache.kafka.*,org.slf4j,org.slf4j.*";

    private ImportPolicy() {
    }

    /**
     * @param used      the packages the jar's classes refer to and the jar does not contain (java.* excluded)
     * @param contained the packages the jar contains
     * @param platform  the packages the system bundle exports
     * @return the Import-Package header, sorted; empty when there is nothing to import
     */
    static String importPackage(Set<String> used, Set<String> contained, Set<String> platform) {
        TreeMap<String, Boolean> optional = new TreeMap<>();
        for (String pkg : used) {
            if (!contained.contains(pkg)) {
                optional.put(pkg, !platform.contains(pkg));
            }
        }
        for (String pkg : contained) {
            if (ALWAYS_FROM_PLATFORM.matcher(pkg).matches() && platform.contains(pkg)) {
                optional.put(pkg, false);
            }
        }
        return optional.entrySet().stream()
                .map(entry -> entry.getValue() ? entry.getKey() + ";resolution:=optional" : entry.getKey())
                .collect(Collectors.joining(","));
    }
}
