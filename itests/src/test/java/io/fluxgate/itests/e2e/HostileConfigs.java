package io.fluxgate.itests.e2e;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configurations of test-plugin-hostile's connectors that the bulkhead tests create, standalone
 * ({@code BulkheadTest}) and in a cluster ({@code ClusterBulkheadTest}): one behaviour each, named by its mode.
 */
public final class HostileConfigs {

    public static final String SOURCE = "io.fluxgate.testplugins.hostile.HostileSourceConnector";
    public static final String SINK = "io.fluxgate.testplugins.hostile.HostileSinkConnector";
    private static final String CONVERTER = "io.fluxgate.testplugins.hostile.HostileConverter";
    private static final String TRANSFORMATION = "io.fluxgate.testplugins.hostile.HostileTransformation";

    private HostileConfigs() {
    }

    /**
     * A hostile connector of {@code type} ({@code source} or {@code sink}) behaving as {@code mode}: its hung calls
     * return once {@code release} exists; a sink reads {@code topic}, in a consumer group of its own.
     */
    public static Map<String, String> of(String type, String mode, Path release, String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", type.equals("source") ? SOURCE : SINK);
        config.put("tasks.max", "1");
        config.put("mode", mode);
        config.put("release.file", release.toString());
        // Converters and transformations misbehave as their own settings say; the connector then behaves.
        if (mode.startsWith("hang-converter-close")) {
            config.put("mode", "none");
            config.put("value.converter", CONVERTER);
            config.put("value.converter.mode", "hang-close");
            config.put("value.converter.release.file", release.toString());
        }
        if (mode.equals("hang-transformation-close") || mode.endsWith("-failed-assembly")) {
            config.put("mode", "none");
            config.put("transforms", "hostile");
            config.put("transforms.hostile.type", TRANSFORMATION);
            config.put("transforms.hostile.mode", mode.endsWith("-failed-assembly") ? "fail-configure" : "hang-close");
            config.put("transforms.hostile.release.file", release.toString());
        }
        if (type.equals("sink")) {
            config.put("topics", topic);
        }
        return config;
    }
}
