package io.fluxgate.rest;

import static io.fluxgate.rest.testing.HttpProbe.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fluxgate.api.herder.ConfigInfo;
import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConfigValueInfo;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.InMemoryHerder;
import io.fluxgate.rest.testing.PluginList;

/** {@code /connector-plugins} over real HTTP: Kafka Connect's shapes, order, status codes and messages. */
class ConnectorPluginsResourceTest {

    private static final String JSON = "application/json";
    private static final AtomicReference<Herder> HERDER = new AtomicReference<>();
    private static final AtomicReference<PluginRegistry> PLUGINS = new AtomicReference<>();
    private static RestServer server;
    private static HttpProbe http;
    private InMemoryHerder herder;
    private PluginList plugins;

    @BeforeAll
    static void start() throws Exception {
        RestListener listener = new RestListener("http", "127.0.0.1", 0);
        server = RestServer.start(List.of(listener), ConnectRestApi.create(Optional::empty,
                () -> Optional.ofNullable(HERDER.get()), () -> Optional.ofNullable(PLUGINS.get())));
        http = new HttpProbe(server.localPort(listener));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void fresh() {
        herder = new InMemoryHerder();
        HERDER.set(herder);
        plugins = new PluginList()
                .install(plugin("org.apache.kafka.connect.json.JsonConverter", PluginType.CONVERTER, "undefined"))
                .install(plugin("org.apache.kafka.connect.json.JsonConverter", PluginType.HEADER_CONVERTER,
                        "undefined"))
                .install(plugin("org.apache.kafka.connect.file.FileStreamSinkConnector", PluginType.SINK, "4.3.1"))
                .install(plugin("org.apache.kafka.connect.file.FileStreamSourceConnector", PluginType.SOURCE,
                        "4.3.1"))
                .install(plugin("org.apache.kafka.connect.transforms.Filter", PluginType.TRANSFORMATION, "4.3.1"))
                .install(plugin("org.apache.kafka.connect.transforms.predicates.HasHeaderKey", PluginType.PREDICATE,
                        "4.3.1"))
                .install(plugin("org.apache.kafka.common.config.provider.FileConfigProvider",
                        PluginType.CONFIG_PROVIDER, "undefined"));
        PLUGINS.set(plugins);
    }

    private static PluginDescriptor plugin(String className, PluginType type, String version) {
        return new PluginDescriptor(className, type, version, "platform");
    }

    @Test
    void connectorsOnlyByDefaultSinksFirst() {
        HttpResponse<String> response = http.get("/connector-plugins");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("[{\"class\":\"org.apache.kafka.connect.file.FileStreamSinkConnector\",\"type\":\"sink\","
                + "\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.file.FileStreamSourceConnector\","
                + "\"type\":\"source\",\"version\":\"4.3.1\"}]", response.body());
        assertEquals(response.body(), http.get("/connector-plugins/").body(), "trailing slash");
        assertEquals(response.body(), http.get("/connector-plugins?connectorsOnly=true").body());
    }

    @Test
    void everyKindInKafkasOrderWithoutConfigProvidersAndWithoutUndefinedVersions() {
        JsonNode all = json(http.get("/connector-plugins?connectorsOnly=false"));
        List<String> types = new java.util.ArrayList<>();
        all.forEach(row -> types.add(row.get("type").asText()));
        assertEquals(List.of("sink", "source", "transformation", "predicate", "converter", "header_converter"), types);
        JsonNode converter = all.get(4);
        assertEquals(Set.of("class", "type"), fields(converter), "an undefined version is left out: " + converter);
        assertEquals(Set.of("class", "type", "version"), fields(all.get(0)));
    }

    @Test
    void hotDeploysShowAtOnceOneRowPerVersion() {
        plugins.install(plugin("com.example.JdbcSinkConnector", PluginType.SINK, "1.0.0"));
        plugins.install(plugin("com.example.JdbcSinkConnector", PluginType.SINK, "2.0.0"));
        JsonNode listed = json(http.get("/connector-plugins"));
        assertEquals(4, listed.size(), listed.toString());
        assertEquals("1.0.0", listed.get(0).get("version").asText());
        assertEquals("2.0.0", listed.get(1).get("version").asText());

        plugins.remove("com.example.JdbcSinkConnector");
        assertEquals(2, json(http.get("/connector-plugins")).size());
    }

    @Test
    void withoutRegistryTheListIsUnavailable() {
        PLUGINS.set(null);
        HttpResponse<String> response = http.get("/connector-plugins");
        assertEquals(503, response.statusCode());
    }

    @Test
    void pluginConfigRendersKafkasConfigKeyInfo() {
        herder.setPluginConfig("FileStreamSink", List.of(new ConfigKeyInfo("file", "STRING", false, null, "HIGH",
                "Destination filename.", null, -1, "NONE", "file", List.of())));
        HttpResponse<String> response = http.get("/connector-plugins/FileStreamSink/config");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("[{\"name\":\"file\",\"type\":\"STRING\",\"required\":false,\"default_value\":null,"
                + "\"importance\":\"HIGH\",\"documentation\":\"Destination filename.\",\"group\":null,"
                + "\"order_in_group\":-1,\"width\":\"NONE\",\"display_name\":\"file\",\"dependents\":[]}]", response.body());
        assertEquals(List.of("connectorPluginConfig FileStreamSink latest"), herder.calls());

        http.get("/connector-plugins/FileStreamSink/config?version=%5B4.0,5.0)");
        assertEquals("connectorPluginConfig FileStreamSink [4.0,5.0)", herder.calls().get(1));
    }

    @Test
    void anUnknownPluginIs404() {
        assertError(http.get("/connector-plugins/Nope/config"), 404, "Unknown plugin Nope.");
    }

    @Test
    void validationErrorsAreReportedNotRefused() {
        herder.setValidation(new ConfigInfos("FileStreamSource", 1, List.of("Common"), List.of(
                new ConfigInfo(new ConfigKeyInfo("tasks.max", "INT", false, "1", "HIGH", "Maximum number of tasks "
                        + "to use for this connector.", "Common", 4, "SHORT", "Tasks max", List.of()),
                        new ConfigValueInfo("tasks.max", "0", List.of(), List.of("Invalid value 0 for configuration "
                                + "tasks.max: Value must be at least 1"), true)),
                new ConfigInfo(null, new ConfigValueInfo("extra", "x", List.of(), List.of(), true)))));
        HttpResponse<String> response = http.send("PUT", "/connector-plugins/FileStreamSource/config/validate",
                JSON, "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":0,\"unknown\":null}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"name\":\"FileStreamSource\",\"error_count\":1,\"groups\":[\"Common\"],\"configs\":[{"
                + "\"definition\":{\"name\":\"tasks.max\",\"type\":\"INT\",\"required\":false,\"default_value\":\"1\","
                + "\"importance\":\"HIGH\",\"documentation\":\"Maximum number of tasks to use for this connector.\","
                + "\"group\":\"Common\",\"order_in_group\":4,\"width\":\"SHORT\",\"display_name\":\"Tasks max\","
                + "\"dependents\":[]},\"value\":{\"name\":\"tasks.max\",\"value\":\"0\",\"recommended_values\":[],"
                + "\"errors\":[\"Invalid value 0 for configuration tasks.max: Value must be at least 1\"],"
                + "\"visible\":true}},{\"definition\":null,\"value\":{\"name\":\"extra\",\"value\":\"x\","
                + "\"recommended_values\":[],\"errors\":[],\"visible\":true}}]}", response.body());
        assertEquals("0", herder.validated().get("tasks.max"), "numbers are taken as strings");
        assertTrue(herder.validated().containsKey("unknown") && herder.validated().get("unknown") == null,
                "a JSON null reaches validation, which reports it");
    }

    @Test
    void theBodysConnectorClassMustMatchThePathAsKafkaComparesThem() {
        herder.setValidation(new ConfigInfos("x", 0, List.of(), List.of()));
        String path = "/connector-plugins/FileStreamSourceConnector/config/validate";
        for (String included : List.of("FileStreamSource", "FileStreamSourceConnector",
                "org.apache.kafka.connect.file.FileStreamSourceConnector")) {
            assertEquals(200, http.send("PUT", path, JSON, "{\"connector.class\":\"" + included + "\"}")
                    .statusCode(), included);
        }
        assertError(http.send("PUT", path, JSON, "{\"connector.class\":\"FileStreamSink\"}"), 400,
                "Included connector type FileStreamSink does not match request type FileStreamSourceConnector");
        assertError(http.send("PUT", path, JSON, "{\"name\":\"x\"}"), 400,
                "Connector config {name=x} contains no connector type");
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(Set.of("error_code", "message"), fields(body));
        assertEquals(status, body.get("error_code").asInt());
        assertEquals(message, body.get("message").asText());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
