package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Kafka's generated OpenAPI file ({@code connect_rest-4.3.1.yaml}) made fit to judge a server by, in two separate
 * steps:
 * <ol>
 * <li>{@link #workAroundKnownDefects}: the defects that rest-api.md lists, each undone narrowly (one field, one
 * schema) and only after checking that the file still has it, so that a corrected file makes this class fail rather
 * than silently relax the check;</li>
 * <li>{@link #addReferenceTable}: rest-api.md's endpoint table and entity list, which the generated file cannot
 * carry (swagger-core sees {@code Response} return types and unannotated fields): each operation's status codes
 * and, where the file declares no schema, the body the table names; each entity's fields as required and no others
 * allowed; the values the reference pins (states, plugin kinds, a numeric version, a non-empty trace). These only
 * tighten the contract.</li>
 * </ol>
 * Nothing else is changed: every schema the file declares is validated as declared, with extra fields refused.
 */
final class ConnectRestSpec {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String SCHEMAS = "#/components/schemas/";

    private ConnectRestSpec() {
    }

    /** The YAML file, both steps applied, as an OpenAPI document in JSON. */
    static ObjectNode load(Path yamlFile) {
        try {
            ObjectNode spec = (ObjectNode) YAML.readTree(yamlFile.toFile());
            workAroundKnownDefects(spec);
            addReferenceTable(spec);
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the REST contract " + yamlFile, e);
        }
    }

    // ---- step 1: the YAML's known defects (rest-api.md, "Known defects of that file")

    static void workAroundKnownDefects(ObjectNode spec) {
        ObjectNode schemas = (ObjectNode) spec.path("components").path("schemas");

        // Defect "lacks nullable on fields that the real server sends as null (default_value, group, value...)":
        // Kafka writes default_value null for a key without default, group null for a key declared outside any
        // group (every FileStream key), and a setting's value null when the request left it unset or unparsable.
        nullable(schemas, "ConfigKeyInfo", "default_value");
        nullable(schemas, "ConfigKeyInfo", "group");
        nullable(schemas, "ConfigValueInfo", "value");

        // Defect "declares offsets' partition/offset as maps of objects (the real server sends scalars inside)":
        // {"filename":"/tmp/in.txt"} / {"position":6}, {"kafka_topic":"t","kafka_partition":0} / {"kafka_offset":1}.
        // Kafka's OffsetUtils admits only primitive values, so exactly the primitives are allowed, nothing more.
        for (String field : List.of("partition", "offset")) {
            ObjectNode map = property(schemas, "ConnectorOffset", field);
            expectDefect(map.path("additionalProperties").path("type").asText().equals("object"),
                    "ConnectorOffset." + field + " no longer declares a map of objects");
            map.set("additionalProperties", yaml("anyOf: [{type: string}, {type: number}, {type: boolean}]"));
        }

        // Defect "gives every operation only a default response (no status codes)": removed here; addReferenceTable
        // declares each operation's real status codes from rest-api.md's table instead, so that a status outside the
        // table fails validation (validation.response.status.unknown) and an error body is not judged by the
        // success schema.
        forEachOperation(spec, (path, method, operation) -> {
            JsonNode responses = operation.path("responses");
            expectDefect(responses.size() == 1 && responses.has("default"),
                    method + " " + path + " declares status codes of its own now");
        });

    }

    // ---- step 2: rest-api.md's table and entities (only ever stricter than the YAML)

    /** rest-api.md, "Entities (exact field names)": every field not marked optional there is required. */
    private static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("ServerInfo", List.of("version", "commit", "kafka_cluster_id"));
        REQUIRED.put("ConnectorInfo", List.of("name", "config", "tasks", "type"));
        REQUIRED.put("ConnectorTaskId", List.of("connector", "task"));
        REQUIRED.put("ConnectorStateInfo", List.of("name", "connector", "tasks", "type"));
        REQUIRED.put("ConnectorState", List.of("state", "worker_id")); // trace and version only when known
        REQUIRED.put("TaskState", List.of("id", "state", "worker_id"));
        REQUIRED.put("TaskInfo", List.of("id", "config"));
        REQUIRED.put("ConfigInfos", List.of("name", "error_count", "groups", "configs"));
        REQUIRED.put("ConfigInfo", List.of("definition", "value"));
        REQUIRED.put("ConfigKeyInfo", List.of("name", "type", "required", "default_value", "importance",
                "documentation", "group", "order_in_group", "width", "display_name", "dependents"));
        REQUIRED.put("ConfigValueInfo", List.of("name", "value", "recommended_values", "errors", "visible"));
        REQUIRED.put("PluginInfo", List.of("class", "type")); // version omitted when unknown
        REQUIRED.put("ConnectorOffsets", List.of("offsets"));
        REQUIRED.put("ConnectorOffset", List.of("partition", "offset"));
    }

    /** Bodies the reference names that the YAML has no schema for. */
    private static final String REFERENCE_ENTITIES = """
            ErrorMessage:
              type: object
              required: [error_code, message]
              properties:
                error_code: {type: integer, format: int32}
                message: {type: string}
            WorkerStatus:
              type: object
              required: [status, message]
              properties:
                status: {type: string, enum: [starting, healthy, unhealthy]}
                message: {type: string}
            Message:
              type: object
              required: [message]
              properties:
                message: {type: string}
            LoggerLevel:
              type: object
              required: [level, last_modified]
              properties:
                level: {type: string}
                last_modified: {type: integer, format: int64, nullable: true}
            ConnectorExpansions:
              type: object
              properties:
                status: {$ref: '#/components/schemas/ConnectorStateInfo'}
                info: {$ref: '#/components/schemas/ConnectorInfo'}
            ActiveTopics:
              type: object
              required: [topics]
              properties:
                topics: {type: array, items: {type: string}}
            """;

    /** What a success answer carries: the YAML's own schema, a schema the reference names, or nothing. */
    private sealed interface Body permits FromYaml, Named, Empty {
    }

    private record FromYaml() implements Body {
    }

    private record Named(String schemaYaml) implements Body {
    }

    private record Empty() implements Body {
    }

    private static final Body YAML_SCHEMA = new FromYaml();
    private static final Body NO_BODY = new Empty();

    private static Body entity(String name) {
        return new Named("$ref: '" + SCHEMAS + name + "'");
    }

    private static Body schema(String yaml) {
        return new Named(yaml);
    }

    /** One success row of rest-api.md's table; {@code created} adds the required Location header. */
    private record Success(String method, String path, int status, Body body, boolean created) {
    }

    private static final List<Success> TABLE = List.of(
            new Success("get", "/", 200, YAML_SCHEMA, false),
            new Success("get", "/health", 200, entity("WorkerStatus"), false),
            new Success("get", "/connectors", 200, schema("""
                    oneOf:
                      - {type: array, items: {type: string}}
                      - {type: object, additionalProperties: {$ref: '#/components/schemas/ConnectorExpansions'}}
                    """), false),
            new Success("post", "/connectors", 201, entity("ConnectorInfo"), true),
            new Success("get", "/connectors/{connector}", 200, YAML_SCHEMA, false),
            new Success("delete", "/connectors/{connector}", 204, NO_BODY, false),
            new Success("get", "/connectors/{connector}/config", 200, YAML_SCHEMA, false),
            new Success("put", "/connectors/{connector}/config", 201, entity("ConnectorInfo"), true),
            new Success("put", "/connectors/{connector}/config", 200, entity("ConnectorInfo"), false),
            new Success("patch", "/connectors/{connector}/config", 200, entity("ConnectorInfo"), false),
            new Success("get", "/connectors/{connector}/status", 200, YAML_SCHEMA, false),
            new Success("get", "/connectors/{connector}/tasks", 200, YAML_SCHEMA, false),
            new Success("get", "/connectors/{connector}/tasks/{task}/status", 200, YAML_SCHEMA, false),
            new Success("post", "/connectors/{connector}/tasks/{task}/restart", 204, NO_BODY, false),
            new Success("post", "/connectors/{connector}/restart", 204, NO_BODY, false),
            new Success("post", "/connectors/{connector}/restart", 202, entity("ConnectorStateInfo"), false),
            new Success("put", "/connectors/{connector}/pause", 202, NO_BODY, false),
            new Success("put", "/connectors/{connector}/resume", 202, NO_BODY, false),
            new Success("put", "/connectors/{connector}/stop", 204, NO_BODY, false),
            new Success("get", "/connectors/{connector}/offsets", 200, YAML_SCHEMA, false),
            new Success("patch", "/connectors/{connector}/offsets", 200, entity("Message"), false),
            new Success("delete", "/connectors/{connector}/offsets", 200, entity("Message"), false),
            new Success("get", "/connectors/{connector}/topics", 200,
                    schema("{type: object, additionalProperties: {$ref: '#/components/schemas/ActiveTopics'}}"),
                    false),
            new Success("put", "/connectors/{connector}/topics/reset", 202, NO_BODY, false),
            new Success("get", "/connector-plugins", 200, YAML_SCHEMA, false),
            new Success("get", "/connector-plugins/{pluginName}/config", 200, YAML_SCHEMA, false),
            new Success("put", "/connector-plugins/{pluginName}/config/validate", 200, YAML_SCHEMA, false),
            new Success("get", "/admin/loggers", 200,
                    schema("{type: object, additionalProperties: {$ref: '#/components/schemas/LoggerLevel'}}"),
                    false),
            new Success("get", "/admin/loggers/{logger}", 200, entity("LoggerLevel"), false),
            new Success("put", "/admin/loggers/{logger}", 200, schema("{type: array, items: {type: string}}"), false),
            new Success("put", "/admin/loggers/{logger}", 204, NO_BODY, false));

    /** Each success row of the table as {@code "METHOD /template status"}. */
    static Set<String> successStatuses() {
        Set<String> rows = new TreeSet<>();
        TABLE.forEach(row -> rows.add(row.method().toUpperCase(Locale.ROOT) + " " + row.path() + " " + row.status()));
        return rows;
    }

    static void addReferenceTable(ObjectNode spec) {
        ObjectNode schemas = (ObjectNode) spec.path("components").path("schemas");
        REQUIRED.forEach((entity, fields) -> {
            ObjectNode schema = (ObjectNode) schemas.path(entity);
            Set<String> declared = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(declared::add);
            if (!declared.containsAll(fields) || schema.has("required")) {
                throw new IllegalStateException(entity + " in the YAML: fields " + declared + " required "
                        + schema.path("required") + "; the reference lists " + fields);
            }
            ArrayNode required = schema.putArray("required");
            fields.forEach(required::add);
        });
        // "states UNASSIGNED, RUNNING, PAUSED, FAILED, RESTARTING, STOPPED" (strict clients reject others).
        for (String entity : List.of("ConnectorState", "TaskState")) {
            property(schemas, entity, "state").set("enum",
                    yaml("[UNASSIGNED, RUNNING, PAUSED, FAILED, RESTARTING, STOPPED]"));
        }
        // "trace only when non-empty (a stack trace)".
        for (String entity : List.of("ConnectorState", "TaskState")) {
            property(schemas, entity, "trace").put("minLength", 1);
        }
        // "version must be ... numeric X.Y.Z (clients parse it to enable features; a non-numeric value crashes some)".
        property(schemas, "ServerInfo", "version").put("pattern", "^[0-9]+\\.[0-9]+\\.[0-9]+$");
        // "type: source, sink, converter, header_converter, transformation, predicate": the kinds Kafka lists; the
        // YAML's enum also names config providers, REST extensions and override policies, which are never listed.
        property(schemas, "PluginInfo", "type").set("enum",
                yaml("[source, sink, converter, header_converter, transformation, predicate]"));
        ((ObjectNode) yaml(REFERENCE_ENTITIES)).fields().forEachRemaining(e -> {
            if (schemas.has(e.getKey())) {
                throw new IllegalStateException("The YAML declares " + e.getKey() + " itself now");
            }
            schemas.set(e.getKey(), e.getValue());
        });

        // "Responses carry exactly the fields below and no others": every entity is closed. The validator's own
        // setting (validation.schema.additionalProperties, on in ConnectRestContract) does the same, but skips the
        // components when an answer's root is an array (swagger-request-validator 2.46.1's SchemaTransformer
        // descends into "items" only), so that GET /connector-plugins, .../config and /tasks would go unchecked.
        schemas.fields().forEachRemaining(e -> {
            if (e.getValue().has("properties") && !e.getValue().has("additionalProperties")) {
                ((ObjectNode) e.getValue()).put("additionalProperties", false);
            }
        });

        Set<String> unlisted = new TreeSet<>();
        forEachOperation(spec, (path, method, operation) -> {
            JsonNode declared = operation.path("responses").path("default").path("content")
                    .path("application/json").path("schema");
            ObjectNode responses = JsonNodeFactory.instance.objectNode();
            for (Success row : TABLE) {
                if (row.path().equals(path) && row.method().equals(method)) {
                    responses.set(String.valueOf(row.status()), response(row, declared, method + " " + path));
                }
            }
            if (responses.isEmpty()) {
                unlisted.add(method + " " + path);
            }
            // Every 4xx and 5xx answer is the error body; /health answers its own body when starting (503) or
            // unhealthy (500).
            String failure = path.equals("/health") ? "WorkerStatus" : "ErrorMessage";
            responses.set("4XX", jsonResponse("Client error", yaml("$ref: '" + SCHEMAS + "ErrorMessage'")));
            responses.set("5XX", jsonResponse("Server error", yaml("$ref: '" + SCHEMAS + failure + "'")));
            operation.set("responses", responses);
        });
        if (!unlisted.isEmpty()) {
            throw new IllegalStateException("Operations of the YAML missing from the reference table: " + unlisted);
        }
        for (Success row : TABLE) {
            if (spec.path("paths").path(row.path()).path(row.method()).isMissingNode()) {
                throw new IllegalStateException("The reference table names an operation the YAML lacks: " + row);
            }
        }
    }

    private static ObjectNode response(Success row, JsonNode declared, String operation) {
        ObjectNode response;
        if (row.body() instanceof FromYaml) {
            if (declared.isMissingNode()) {
                throw new IllegalStateException(operation + " declares no schema in the YAML");
            }
            response = jsonResponse("As the YAML declares", declared.deepCopy());
        } else if (row.body() instanceof Named named) {
            if (!declared.isMissingNode()) {
                throw new IllegalStateException(operation + " declares a schema in the YAML now: use it");
            }
            response = jsonResponse("As rest-api.md names it", yaml(named.schemaYaml()));
        } else {
            response = JsonNodeFactory.instance.objectNode().put("description", "No body");
        }
        if (row.created()) {
            response.set("headers", yaml("Location: {required: true, schema: {type: string}}"));
        }
        return response;
    }

    private static ObjectNode jsonResponse(String description, JsonNode schema) {
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("description", description);
        response.putObject("content").putObject("application/json").set("schema", schema);
        return response;
    }

    // ---- helpers

    private interface OperationVisitor {
        void visit(String path, String method, ObjectNode operation);
    }

    private static void forEachOperation(ObjectNode spec, OperationVisitor visitor) {
        List<Map.Entry<String, JsonNode>> paths = new ArrayList<>();
        spec.path("paths").fields().forEachRemaining(paths::add);
        for (Map.Entry<String, JsonNode> path : paths) {
            for (Iterator<Map.Entry<String, JsonNode>> it = path.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = it.next();
                visitor.visit(path.getKey(), operation.getKey(), (ObjectNode) operation.getValue());
            }
        }
    }

    private static void nullable(ObjectNode schemas, String entity, String field) {
        ObjectNode property = property(schemas, entity, field);
        expectDefect(!property.has("nullable"), entity + "." + field + " is nullable in the YAML now");
        property.put("nullable", true);
    }

    private static ObjectNode properties(ObjectNode schemas, String entity) {
        JsonNode properties = schemas.path(entity).path("properties");
        if (!properties.isObject()) {
            throw new IllegalStateException("The YAML has no schema " + entity);
        }
        return (ObjectNode) properties;
    }

    private static ObjectNode property(ObjectNode schemas, String entity, String field) {
        JsonNode property = properties(schemas, entity).path(field);
        if (!property.isObject()) {
            throw new IllegalStateException("The YAML's " + entity + " has no field " + field);
        }
        return (ObjectNode) property;
    }

    /** A workaround applies only while the YAML still has the defect it works around. */
    private static void expectDefect(boolean present, String otherwise) {
        if (!present) {
            throw new IllegalStateException("Known defect gone from the YAML (" + otherwise + "): remove the "
                    + "workaround in ConnectRestSpec");
        }
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
