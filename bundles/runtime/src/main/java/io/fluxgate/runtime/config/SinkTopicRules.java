package io.fluxgate.runtime.config;

import static io.fluxgate.runtime.config.ConnectorConfigDefs.DLQ_TOPIC_NAME;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.TOPICS;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.TOPICS_REGEX;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.utils.Utils;

/**
 * Kafka Connect's rules for a sink's topics ({@code SinkConnectorConfig.validate}): exactly one of {@code topics} and
 * {@code topics.regex}, and never the dead letter queue's topic among them.
 */
final class SinkTopicRules {

    private SinkTopicRules() {
    }

    /** Adds the errors found to {@code validated}, creating a value for a setting that has none yet. */
    static void validate(Map<String, String> props, Map<String, ConfigValue> validated) {
        String topicsList = props.get(TOPICS);
        String topicsRegex = props.get(TOPICS_REGEX);
        String dlqTopic = props.getOrDefault(DLQ_TOPIC_NAME, "").trim();
        boolean hasTopics = !Utils.isBlank(topicsList);
        boolean hasRegex = !Utils.isBlank(topicsRegex);
        if (hasTopics && hasRegex) {
            String error = TOPICS + " and " + TOPICS_REGEX + " are mutually exclusive options, but both are set.";
            addError(validated, TOPICS, topicsList, error);
            addError(validated, TOPICS_REGEX, topicsRegex, error);
        }
        if (!hasTopics && !hasRegex) {
            String error = "Must configure one of " + TOPICS + " or " + TOPICS_REGEX;
            addError(validated, TOPICS, topicsList, error);
            addError(validated, TOPICS_REGEX, topicsRegex, error);
        }
        if (Utils.isBlank(dlqTopic)) {
            return;
        }
        if (hasTopics) {
            List<String> topics = topics(props);
            if (topics.contains(dlqTopic)) {
                addError(validated, TOPICS, topicsList, String.format("The DLQ topic '%s' may not be included in the "
                        + "list of topics ('%s=%s') consumed by the connector", dlqTopic, TOPICS, topics));
            }
        }
        if (hasRegex && Pattern.compile(topicsRegex).matcher(dlqTopic).matches()) {
            addError(validated, TOPICS_REGEX, topicsRegex, String.format("The DLQ topic '%s' may not be matched by "
                    + "the regex for the topics ('%s=%s') consumed by the connector", dlqTopic, TOPICS_REGEX,
                    topicsRegex));
        }
    }

    private static List<String> topics(Map<String, String> props) {
        @SuppressWarnings("unchecked")
        List<String> topics = (List<String>) ConfigDef.parseType(TOPICS, props.get(TOPICS), ConfigDef.Type.LIST);
        return topics == null ? List.of() : topics.stream().filter(t -> !t.isEmpty()).distinct().toList();
    }

    private static void addError(Map<String, ConfigValue> validated, String name, String value, String error) {
        validated.computeIfAbsent(name, key -> new ConfigValue(key, value, List.of(), new ArrayList<>()))
                .addErrorMessage(error);
    }
}
