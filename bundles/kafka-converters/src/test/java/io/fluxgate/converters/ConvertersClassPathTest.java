package io.fluxgate.converters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The unpacked converters work with nothing but what the launcher's class path shares with plugins: kafka-clients
 * (with slf4j-api, which it needs itself), connect-api and this jar. Each test loads them in a class loader that sees
 * only those, so a class left behind in connect-runtime would fail here rather than in a worker.
 */
class ConvertersClassPathTest {

    private static final String PACKAGE = "org.apache.kafka.connect.converters.";

    private URLClassLoader isolated;

    @BeforeEach
    void isolatedClassPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(codeSource("org/apache/kafka/connect/converters/ByteArrayConverter.class"));
        urls.add(codeSource("org/apache/kafka/common/serialization/Serializer.class"));
        urls.add(codeSource("org/apache/kafka/connect/storage/Converter.class"));
        urls.add(codeSource("org/slf4j/Logger.class"));
        isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @AfterEach
    void close() throws Exception {
        isolated.close();
    }

    @ParameterizedTest
    @CsvSource({
        "ByteArrayConverter, BYTES, hello",
        "BooleanConverter, BOOLEAN, true",
        "DoubleConverter, FLOAT64, 1.5",
        "FloatConverter, FLOAT32, 2.5",
        "IntegerConverter, INT32, 42",
        "LongConverter, INT64, 42",
        "ShortConverter, INT16, 42",
    })
    void convertsARoundTrip(String simpleName, String schemaType, String text) throws Exception {
        Class<?> type = isolated.loadClass(PACKAGE + simpleName);
        assertSame(isolated, type.getClassLoader(), "loaded from the isolated class path");
        Object converter = type.getConstructor().newInstance();
        invoke(converter, "configure", new Class<?>[] {Map.class, boolean.class}, Map.of(), false);

        Object schema = schemaOfType(schemaType);
        Object value = valueOf(schemaType, text);
        Class<?> schemaClass = isolated.loadClass("org.apache.kafka.connect.data.Schema");
        byte[] bytes = (byte[]) invoke(converter, "fromConnectData",
                new Class<?>[] {String.class, schemaClass, Object.class}, "topic", schema, value);
        Object back = invoke(converter, "toConnectData", new Class<?>[] {String.class, byte[].class}, "topic", bytes);
        Object roundTripped = invoke(back, "value", new Class<?>[0]);
        if (value instanceof byte[] expected) {
            assertEquals(new String(expected), new String((byte[]) roundTripped));
        } else {
            assertEquals(value, roundTripped);
        }
        String version = (String) invoke(converter, "version", new Class<?>[0]);
        assertEquals(kafkaVersion(), version, "Versioned.version() is Kafka's");
    }

    @Test
    void serviceManifestsNameEveryConverter() throws Exception {
        for (String service : List.of("org.apache.kafka.connect.storage.Converter",
                "org.apache.kafka.connect.storage.HeaderConverter")) {
            List<String> found = new ArrayList<>();
            for (Object converter : ServiceLoader.load(isolated.loadClass(service), isolated)) {
                found.add(converter.getClass().getName());
            }
            for (String name : List.of("ByteArrayConverter", "BooleanConverter", "DoubleConverter", "FloatConverter",
                    "IntegerConverter", "LongConverter", "ShortConverter")) {
                assertTrue(found.contains(PACKAGE + name), service + " lists " + name + ": " + found);
            }
        }
    }

    private Object schemaOfType(String type) throws Exception {
        Class<?> schemaClass = isolated.loadClass("org.apache.kafka.connect.data.Schema");
        return schemaClass.getField("OPTIONAL_" + type + "_SCHEMA").get(null);
    }

    private static Object valueOf(String schemaType, String text) {
        return switch (schemaType) {
            case "BYTES" -> text.getBytes();
            case "BOOLEAN" -> Boolean.valueOf(text);
            case "FLOAT64" -> Double.valueOf(text);
            case "FLOAT32" -> Float.valueOf(text);
            case "INT32" -> Integer.valueOf(text);
            case "INT64" -> Long.valueOf(text);
            case "INT16" -> Short.valueOf(text);
            default -> throw new IllegalArgumentException(schemaType);
        };
    }

    private String kafkaVersion() throws Exception {
        Class<?> appInfo = isolated.loadClass("org.apache.kafka.common.utils.AppInfoParser");
        return (String) appInfo.getMethod("getVersion").invoke(null);
    }

    private static Object invoke(Object target, String name, Class<?>[] types, Object... args) throws Exception {
        Method method = target.getClass().getMethod(name, types);
        return method.invoke(target, args);
    }

    /** The root of the jar or directory on the test class path that holds {@code resource}. */
    private static URL codeSource(String resource) throws URISyntaxException, MalformedURLException {
        URL url = ClassLoader.getSystemResource(resource);
        String text = url.toString();
        if (text.startsWith("jar:")) {
            return new URL(text.substring(4, text.indexOf("!/")));
        }
        Path file = Path.of(url.toURI());
        Path root = file;
        for (int i = resource.split("/").length; i > 0; i--) {
            root = root.getParent();
        }
        return root.toUri().toURL();
    }
}
