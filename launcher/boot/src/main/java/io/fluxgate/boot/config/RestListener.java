package io.fluxgate.boot.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the {@code listeners} worker setting: {@code http://host:port} or {@code https://host:port}. An empty
 * host binds every interface, as in Kafka Connect.
 */
public record RestListener(String scheme, String host, int port) {

    private static final Pattern FORM =
            Pattern.compile("(?i)(https?)://(\\[[0-9a-fA-F:.]+\\]|[^:/\\[\\]]*):(\\d{1,5})/?");

    /** The listener written in {@code text}, or empty when it is malformed or its port is out of range. */
    public static Optional<RestListener> parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(3));
        if (port > 65535) {
            return Optional.empty();
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return Optional.of(new RestListener(m.group(1).toLowerCase(Locale.ROOT), host, port));
    }

    /** True when the listener binds every interface. */
    public boolean anyHost() {
        return host.isEmpty();
    }

    @Override
    public String toString() {
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
