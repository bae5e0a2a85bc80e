package io.fluxgate.plugins;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.fluxgate.api.plugins.PluginType;

/**
 * Kafka Connect's plugin manifests (KIP-898): {@code META-INF/services/<plugin interface>}, in
 * {@link java.util.ServiceLoader}'s format (one class name a line, {@code #} starts a comment).
 */
public final class ServiceManifests {

    private static final String PREFIX = "META-INF/services/";

    private ServiceManifests() {
    }

    /** The manifest that lists the plugins of {@code type}. */
    public static String path(PluginType type) {
        return PREFIX + type.superType().getName();
    }

    /**
     * The class names a manifest lists, in order, without duplicates.
     *
     * @throws IOException also for a manifest larger than {@link BoundedReads#MANIFEST_MAX_BYTES}
     */
    public static List<String> read(InputStream manifest) throws IOException {
        List<String> names = new ArrayList<>();
        byte[] bytes = BoundedReads.readAtMost(manifest, BoundedReads.MANIFEST_MAX_BYTES, "A plugin manifest");
        BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (!name.isEmpty() && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
