package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.report.ValidationReport;

/**
 * The contract that {@link RestContractTest} judges the worker by, judged itself on made-up answers: what Kafka
 * Connect really sends passes (the known defects of the YAML worked around), and every kind of violation the
 * contract test is there to catch is caught. Without this, a validator that accepts everything would pass too.
 */
class ConnectRestContractTest {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final String STATE = "{\"name\":\"c\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"h:8083\"},"
            + "\"tasks\":[{\"id\":0,\"state\":\"FAILED\",\"worker_id\":\"h:8083\",\"trace\":\"boom\","
            + "\"version\":\"4.3.1\"}],\"type\":\"source\"}";
    private static final String INFO = "{\"name\":\"c\",\"config\":{\"name\":\"c\"},"
            + "\"tasks\":[{\"connector\":\"c\",\"task\":0}],\"type\":\"sink\"}";
    private static final String KEY = "{\"name\":\"file\",\"type\":\"STRING\",\"required\":false,"
            + "\"default_value\":null,\"importance\":\"HIGH\",\"documentation\":\"d\",\"group\":null,"
            + "\"order_in_group\":-1,\"width\":\"NONE\",\"display_name\":\"file\",\"dependents\":[]}";
    private static ConnectRestContract contract;

    @BeforeAll
    static void load() throws Exception {
        contract = ConnectRestContract.fromReference();
    }

    @Test
    void kafkaConnectAnswersPass() {
        passes("GET", "/", 200, "{\"version\":\"4.3.1\",\"commit\":\"26b251a451ce941d\",\"kafka_cluster_id\":\"k\"}");
        passes("GET", "/connectors/c/status", 200, STATE);
        passes("GET", "/connector-plugins", 200, "[{\"class\":\"C\",\"type\":\"header_converter\"}]");
        passes("GET", "/connectors", 200, "[\"c\"]");
        passes("GET", "/connectors", 200, "{\"c\":{\"status\":" + STATE + ",\"info\":" + INFO + "}}");
        passes("GET", "/connector-plugins/FileStreamSource/config", 200, "[" + KEY + "]");
        passes("PUT", "/connector-plugins/FileStreamSource/config/validate", 200,
                "{\"name\":\"FileStreamSource\",\"error_count\":1,\"groups\":[\"Common\"],\"configs\":[{\"definition\":"
                        + KEY + ",\"value\":{\"name\":\"file\",\"value\":null,\"recommended_values\":[],"
                        + "\"errors\":[\"bad\"],\"visible\":true}}]}");
        passes("GET", "/connectors/c/offsets", 200, "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"t\","
                + "\"kafka_partition\":0},\"offset\":{\"kafka_offset\":3}},{\"partition\":{\"filename\":\"/in\"},"
                + "\"offset\":{\"position\":6}}]}");
        passes("PUT", "/connectors/c/pause", 202, "");
        passes("GET", "/admin/loggers", 200, "{\"root\":{\"level\":\"INFO\",\"last_modified\":null}}");
        passes("GET", "/connectors/c", 404, "{\"error_code\":404,\"message\":\"Connector c not found\"}");
        passes("GET", "/no/such/route", 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        passes("DELETE", "/connectors", 405, "{\"error_code\":405,\"message\":\"HTTP 405 Method Not Allowed\"}");
        passes("GET", "/health", 503, "{\"status\":\"starting\",\"message\":\"Worker is starting\"}");
        assertTrue(contract.validate("POST", "/connectors", 201,
                Map.of("Content-Type", List.of("application/json"), "Location", List.of("http://h/connectors/c")),
                INFO).getMessages().isEmpty());
    }

    @Test
    void extraMissingNullAndMistypedFieldsFail() {
        fails("GET", "/connectors/c/status", 200, STATE.replace("\"type\":\"source\"}",
                "\"type\":\"source\",\"extra\":1}"), "validation.response.body.schema.additionalProperties");
        fails("GET", "/connectors/c", 200, INFO.replace(",\"type\":\"sink\"", ""),
                "validation.response.body.schema.required");
        fails("GET", "/connectors/c/status", 200, STATE.replace("RUNNING", "ALIVE"),
                "validation.response.body.schema.enum");
        fails("GET", "/connector-plugins/FileStreamSource/config", 200,
                "[" + KEY.replace("\"name\":\"file\"", "\"name\":null") + "]", "validation.response.body.schema.type");
        fails("GET", "/connector-plugins/FileStreamSource/config", 200,
                "[" + KEY.replace("\"name\":\"file\"", "\"name\":\"file\",\"foo\":1") + "]",
                "validation.response.body.schema.additionalProperties");
        fails("GET", "/connectors/c/status", 200, STATE.replace("\"boom\"", "\"\""),
                "validation.response.body.schema.minLength");
        fails("GET", "/", 200, "{\"version\":\"4.3.1-fluxgate\",\"commit\":\"c\",\"kafka_cluster_id\":\"k\"}",
                "validation.response.body.schema.pattern");
        fails("GET", "/connector-plugins", 200, "[{\"class\":\"C\",\"type\":\"configprovider\"}]",
                "validation.response.body.schema.enum");
        // Arrays at the root: the validator's own additionalProperties injection misses their items' schemas.
        fails("GET", "/connector-plugins", 200, "[{\"class\":\"C\",\"type\":\"sink\",\"location\":\"/p\"}]",
                "validation.response.body.schema.additionalProperties");
        fails("GET", "/connectors/c/tasks", 200, "[{\"id\":{\"connector\":\"c\",\"task\":0},\"config\":{},"
                + "\"state\":\"RUNNING\"}]", "validation.response.body.schema.additionalProperties");
        fails("PUT", "/connector-plugins/FileStreamSource/config/validate", 200,
                "{\"name\":\"F\",\"error_count\":0,\"groups\":[],\"configs\":[{\"definition\":"
                        + KEY.replace("\"name\":\"file\"", "\"name\":\"file\",\"foo\":1") + ",\"value\":null}]}",
                "validation.response.body.schema.additionalProperties");
        // Older servers' order in place of 4.3's order_in_group: an extra field, and order_in_group missing.
        fails("GET", "/connector-plugins/FileStreamSource/config", 200,
                "[" + KEY.replace("\"order_in_group\"", "\"order\"") + "]",
                "validation.response.body.schema.additionalProperties", "validation.response.body.schema.required");
        fails("GET", "/connectors/c/offsets", 200,
                "{\"offsets\":[{\"partition\":{\"f\":{\"nested\":1}},\"offset\":{\"position\":6}}]}",
                "validation.response.body.schema.anyOf");
        fails("GET", "/connectors", 200, "{\"c\":{\"status\":" + STATE + ",\"more\":{}}}",
                "validation.response.body.schema.oneOf");
    }

    /**
     * Where a stalled task's reason can go (docs/bulkheads.md): a RUNNING task with a trace passes, as every field and
     * value is Kafka's; a field of Fluxgate's own, such as "stalled", is refused by a strict client.
     */
    @Test
    void aStalledTaskIsRunningWithATraceNeverAnExtraField() {
        String stalled = STATE.replace("\"state\":\"FAILED\"", "\"state\":\"RUNNING\"").replace("\"boom\"",
                "\"Stalled: put() has not returned for over 60 s (fluxgate.task.stall.timeout.ms), since "
                        + "2026-12-07T14:03:12Z\"");
        passes("GET", "/connectors/c/status", 200, stalled);
        passes("GET", "/connectors/c/tasks/0/status", 200, "{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"h:8083\","
                + "\"trace\":\"Stalled: poll() has not returned for over 60 s\"}");
        fails("GET", "/connectors/c/tasks/0/status", 200, "{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"h:8083\","
                + "\"stalled\":\"Stalled: poll() has not returned for over 60 s\"}",
                "validation.response.body.schema.additionalProperties");
    }

    @Test
    void statusesHeadersAndBodiesOutsideTheTableFail() {
        fails("POST", "/connectors", 200, INFO, "validation.response.status.unknown");
        fails("POST", "/connectors", 201, INFO, "validation.response.header.missing");
        fails("PUT", "/connectors/c/pause", 204, "", "validation.response.status.unknown");
        fails("PUT", "/connectors/c/pause", 202, "{}", "validation.response.body.unexpected");
        fails("POST", "/connectors/c/restart", 202, "", "validation.response.body.missing");
        fails("GET", "/connectors/c", 404, "{\"error_code\":404,\"message\":\"m\",\"detail\":\"x\"}",
                "validation.response.body.schema.additionalProperties");
        fails("GET", "/connectors/c", 404, INFO, "validation.response.body.schema.additionalProperties",
                "validation.response.body.schema.required");
        fails("GET", "/no/such/route", 200, "{}", "validation.request.path.missing");
        fails("GET", "/no/such/route", 404, "Not Found", "validation.response.body.schema.invalidJson");
    }

    private static void passes(String method, String path, int status, String body) {
        ValidationReport report = contract.validate(method, path, status, body.isEmpty() ? Map.of() : JSON, body);
        assertEquals(List.of(), report.getMessages(), () -> method + " " + path + " " + status + ": "
                + ConnectRestContract.describe(report));
    }

    private static void fails(String method, String path, int status, String body, String... keys) {
        ValidationReport report = contract.validate(method, path, status, body.isEmpty() ? Map.of() : JSON, body);
        Set<String> found = new TreeSet<>();
        report.getMessages().forEach(m -> {
            found.add(m.getKey());
            m.getNestedMessages().forEach(n -> found.add(n.getKey()));
        });
        assertTrue(report.hasErrors() && found.containsAll(List.of(keys)), () -> method + " " + path + " " + status
                + " " + body + ": expected " + List.of(keys) + ", got " + found + "\n"
                + ConnectRestContract.describe(report));
    }
}
