package io.fluxgate.rest.metrics;

import javax.management.ObjectName;

/**
 * An MBean's name as the JMX exporter writes it for its rules: {@code domain<key=value, key=value><>}, the key
 * properties in the order the MBean was registered with (Kafka's {@code JmxReporter} writes {@code type} first, then
 * the metric's tags), values as registered (quoted ones keep their quotes), and the empty list of composite keys.
 */
final class ExporterBeanName {

    private ExporterBeanName() {
    }

    static String of(ObjectName name) {
        StringBuilder out = new StringBuilder(name.getDomain()).append('<');
        // getKeyPropertyListString() keeps the registration order, which getKeyPropertyList() (a map) loses; a comma
        // inside a quoted value does not separate properties.
        String properties = name.getKeyPropertyListString();
        boolean quoted = false;
        for (int i = 0; i < properties.length(); i++) {
            char c = properties.charAt(i);
            if (quoted && c == '\\' && i + 1 < properties.length()) {
                out.append(c).append(properties.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.append(", ");
            } else {
                out.append(c);
            }
        }
        return out.append("><>").toString();
    }
}
