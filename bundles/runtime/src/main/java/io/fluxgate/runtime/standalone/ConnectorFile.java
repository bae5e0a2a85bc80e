package io.fluxgate.runtime.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

import io.fluxgate.api.herder.TargetState;

/**
 * A connector file named on the command line, read as Kafka Connect's {@code connect-standalone} reads it: a JSON
 * object of settings, a JSON create request ({@code {"name", "config", "initial_state"}}), or Java properties. The
 * connector's name is mandatory.
 */
public record ConnectorFile(Path path, String name, Map<String, String> config, TargetState initialState) {

    private static final String NAME = "name";

    public static ConnectorFile read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        Object json = parseJson(bytes);
        if (json instanceof Map<?, ?> object) {
            Object nested = object.get("config");
            if (nested instanceof Map<?, ?> config) {
                return fromRequest(path, object, config);
            }
            return named(path, strings(path, object), null);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> config = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        return named(path, config, null);
    }

    private static ConnectorFile fromRequest(Path path, Map<?, ?> request, Map<?, ?> rawConfig) {
        Map<String, String> config = strings(path, rawConfig);
        Object name = request.get(NAME);
        if (name == null) {
            return named(path, config, initialState(path, request.get("initial_state")));
        }
        if (config.containsKey(NAME) && !config.get(NAME).equals(name.toString())) {
            throw new ConnectException("Connector name configuration in 'config' doesn't match the one specified in "
                    + "'name' at '" + path + "'");
        }
        config.put(NAME, name.toString());
        return new ConnectorFile(path, name.toString(), config, initialState(path, request.get("initial_state")));
    }

    private static ConnectorFile named(Path path, Map<String, String> config, TargetState initialState) {
        String name = config.get(NAME);
        if (name == null) {
            throw new ConnectException("Connector configuration at '" + path + "' is missing the mandatory '" + NAME
                    + "' configuration");
        }
        return new ConnectorFile(path, name, config, initialState);
    }

    /** {@code initial_state}: RUNNING (STARTED), PAUSED or STOPPED; absent means running. */
    private static TargetState initialState(Path path, Object value) {
        if (value == null) {
            return null;
        }
        return switch (value.toString().toUpperCase(Locale.ROOT)) {
            case "RUNNING" -> TargetState.STARTED;
            case "PAUSED" -> TargetState.PAUSED;
            case "STOPPED" -> TargetState.STOPPED;
            default -> throw new ConnectException("Invalid initial_state '" + value + "' at '" + path
                    + "': expected RUNNING, PAUSED or STOPPED");
        };
    }

    /** Values as strings, as Kafka reads them (numbers and booleans are accepted as their text). */
    private static Map<String, String> strings(Path path, Map<?, ?> raw) {
        Map<String, String> result = new HashMap<>();
        raw.forEach((key, value) -> {
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                throw new ConnectException("Connector configuration at '" + path + "' has a non-scalar value for '"
                        + key + "'");
            }
            result.put(String.valueOf(key), value == null ? null : value.toString());
        });
        return result;
    }

    /** The JSON value in {@code bytes}, or null if they are not JSON (then they are properties). */
    private static Object parseJson(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).trim();
        if (!text.startsWith("{")) {
            return null;
        }
        // connect-json is shared with plugins; its converter parses JSON without exposing Jackson to bundles
        try (JsonConverter json = new JsonConverter()) {
            json.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), false);
            return json.toConnectData("", bytes).value();
        } catch (DataException e) {
            return null;
        }
    }
}
