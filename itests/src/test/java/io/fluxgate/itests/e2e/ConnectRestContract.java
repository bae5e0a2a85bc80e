package io.fluxgate.itests.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.interaction.ApiOperationResolver;
import com.atlassian.oai.validator.model.ApiOperationMatch;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * Judges real HTTP answers by Kafka Connect's OpenAPI file as {@link ConnectRestSpec} prepares it, with Atlassian's
 * swagger-request-validator: status code, content type, headers and body schema, every message at level ERROR, and
 * extra fields refused ({@code validation.schema.additionalProperties}, which makes the validator treat every
 * schema with properties as {@code additionalProperties: false}; {@link ConnectRestSpec} also closes the entities
 * itself, where the validator's traversal misses them).
 */
final class ConnectRestContract {

    /** Where the shared reference lives beside the project (set by the itests pom). */
    static final String CONTRACT_PROPERTY = "fluxgate.rest.contract";

    private static final String PATH_MISSING = "validation.request.path.missing";
    private static final String METHOD_NOT_ALLOWED = "validation.request.operation.notAllowed";

    private final OpenApiInteractionValidator validator;
    private final ApiOperationResolver operations;
    private final SchemaValidator schemas;
    private final Set<String> allOperations = new TreeSet<>();

    private ConnectRestContract(OpenAPI api) {
        LevelResolver levels = LevelResolver.create()
                .withDefaultLevel(ValidationReport.Level.ERROR)
                .withLevel(SchemaValidator.ADDITIONAL_PROPERTIES_KEY, ValidationReport.Level.ERROR)
                .build();
        this.validator = OpenApiInteractionValidator.createFor(api).withLevelResolver(levels).build();
        this.operations = new ApiOperationResolver(api, null, false);
        this.schemas = new SchemaValidator(api, new MessageResolver(levels));
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> allOperations.add(method + " " + path)));
    }

    /** Every operation of the API, as {@code METHOD /template}. */
    Set<String> operations() {
        return allOperations;
    }

    static ConnectRestContract fromReference() throws JsonProcessingException {
        String location = System.getProperty(CONTRACT_PROPERTY);
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException("No REST contract at " + location + " (system property "
                    + CONTRACT_PROPERTY + ")");
        }
        String json = new ObjectMapper().writeValueAsString(ConnectRestSpec.load(Path.of(location)));
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, options);
        if (parsed.getOpenAPI() == null || (parsed.getMessages() != null && !parsed.getMessages().isEmpty())) {
            throw new IllegalStateException("The prepared REST contract does not parse: " + parsed.getMessages());
        }
        return new ConnectRestContract(parsed.getOpenAPI());
    }

    /** {@code METHOD /template} of the operation a request reaches, empty for a route or method the API lacks. */
    Optional<String> operation(String method, String path) {
        ApiOperationMatch match = operations.findApiOperation(path, Request.Method.valueOf(method));
        return match.isPathFound() && match.isOperationAllowed()
                ? Optional.of(method + " " + match.getApiOperation().getApiPath().original())
                : Optional.empty();
    }

    /**
     * The validator's report on one answer. A route the API does not have must answer 404, a method it does not
     * allow 405, both with the error body (rest-api.md: "404 unknown route", "JAX-RS errors keep their own status
     * (405, 415) but still use the error body"); the YAML cannot say so, so that body is checked against the
     * reference's ErrorMessage schema, and any other answer keeps the validator's report.
     */
    ValidationReport validate(String method, String path, HttpResponse<String> answer) {
        return validate(method, path, answer.statusCode(), answer.headers().map(), answer.body());
    }

    ValidationReport validate(String method, String path, int status, Map<String, List<String>> headers,
            String body) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        headers.forEach(response::withHeader);
        if (!body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), response.build());
        List<String> keys = report.getMessages().stream().map(ValidationReport.Message::getKey).toList();
        boolean unknownRoute = keys.equals(List.of(PATH_MISSING)) && status == 404;
        boolean unknownMethod = keys.equals(List.of(METHOD_NOT_ALLOWED)) && status == 405;
        if (unknownRoute || unknownMethod) {
            return schemas.validate(body, new Schema<>().$ref("#/components/schemas/ErrorMessage"),
                    "response.body");
        }
        return report;
    }

    static String describe(ValidationReport report) {
        return SimpleValidationReportFormat.getInstance().apply(report).trim();
    }
}
