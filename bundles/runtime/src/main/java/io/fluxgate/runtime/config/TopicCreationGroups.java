package io.fluxgate.runtime.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * KIP-158: how a source connector's topics are created. {@code topic.creation.default.replication.factor} and
 * {@code .partitions} are required once any {@code topic.creation.*} setting is given; each group named in
 * {@code topic.creation.groups} has its {@code include}/{@code exclude} patterns, counts (defaulting to the default
 * group's) and topic settings. A topic takes the first group that matches it, else the default group.
 */
public final class TopicCreationGroups {

    public static final String PREFIX = "topic.creation.";
    public static final String DEFAULT_GROUP = "default";
    static final String INCLUDE = "include";
    static final String EXCLUDE = "exclude";
    static final String REPLICATION_FACTOR = "replication.factor";
    static final String PARTITIONS = "partitions";
    private static final Set<String> FRAMEWORK_KEYS = Set.of(INCLUDE, EXCLUDE, REPLICATION_FACTOR, PARTITIONS);

    /** One group: which topics it covers and what they are created with. */
    public record Group(String name, Pattern include, Pattern exclude, int partitions, int replicationFactor,
            Map<String, String> topicConfigs) {

        public boolean matches(String topic) {
            return !exclude.matcher(topic).matches() && include.matcher(topic).matches();
        }

        /** The topic to create; -1 counts are left to the broker's defaults. */
        public NewTopic newTopic(String topic) {
            NewTopic newTopic = new NewTopic(topic, partitions == -1 ? Optional.empty() : Optional.of(partitions),
                    replicationFactor == -1 ? Optional.empty() : Optional.of((short) replicationFactor));
            return newTopic.configs(topicConfigs);
        }
    }

    private TopicCreationGroups() {
    }

    /** True when the connector configures topic creation at all. */
    public static boolean used(Map<String, String> props) {
        return props.keySet().stream().anyMatch(key -> key.startsWith(PREFIX));
    }

    /** Adds the settings of the default group and of every group the configuration names. */
    static void enrich(ConfigDef def, Map<String, String> props) {
        def.embed(PREFIX + DEFAULT_GROUP + ".", DEFAULT_GROUP, 0, groupDef(DEFAULT_GROUP, ConfigDef.NO_DEFAULT_VALUE,
                ".*"));
        for (String group : groupNames(props)) {
            def.embed(PREFIX + group + ".", group, 0, groupDef(group, -1, List.of()));
        }
    }

    /** The groups in order, the default group last; empty when topic creation is not configured. */
    public static List<Group> of(Map<String, String> props) {
        if (!used(props)) {
            return List.of();
        }
        Group defaultGroup = group(DEFAULT_GROUP, props, groupDef(DEFAULT_GROUP, ConfigDef.NO_DEFAULT_VALUE, ".*"),
                null);
        List<Group> groups = new ArrayList<>();
        for (String name : groupNames(props)) {
            groups.add(group(name, props, groupDef(name, -1, List.of()), defaultGroup));
        }
        groups.add(defaultGroup);
        return groups;
    }

    private static Group group(String name, Map<String, String> props, ConfigDef def, Group defaults) {
        String prefix = PREFIX + name + ".";
        Map<String, String> own = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                own.put(key.substring(prefix.length()), value);
            }
        });
        AbstractConfig config = new AbstractConfig(def, own, false);
        int partitions = config.getInt(PARTITIONS);
        int replicationFactor = config.getInt(REPLICATION_FACTOR);
        if (defaults != null) {
            partitions = own.containsKey(PARTITIONS) ? partitions : defaults.partitions();
            replicationFactor = own.containsKey(REPLICATION_FACTOR) ? replicationFactor : defaults.replicationFactor();
        }
        Map<String, String> topicConfigs = new HashMap<>(own);
        topicConfigs.keySet().removeAll(FRAMEWORK_KEYS);
        return new Group(name, pattern(config.getList(INCLUDE)), pattern(config.getList(EXCLUDE)), partitions,
                replicationFactor, topicConfigs);
    }

    private static Pattern pattern(List<String> regexes) {
        return Pattern.compile(regexes.isEmpty() ? "(?!)" : String.join("|", regexes));
    }

    private static List<String> groupNames(Map<String, String> props) {
        String groups = props.getOrDefault(ConnectorConfigDefs.TOPIC_CREATION_GROUPS, "");
        List<String> names = new ArrayList<>();
        for (String name : groups.split(",")) {
            if (!name.isBlank() && !names.contains(name.trim()) && !DEFAULT_GROUP.equals(name.trim())) {
                names.add(name.trim());
            }
        }
        return names;
    }

    private static ConfigDef groupDef(String group, Object defaultCount, Object defaultInclude) {
        ConfigDef.Validator minusOneOrPositive = ConfigDef.LambdaValidator.with((name, value) -> {
            if (!(value instanceof Integer count)) {
                return; // missing: reported as such
            }
            if (count != -1 && count < 1) {
                throw new ConfigException(name, value, "Value must be -1 or at least 1");
            }
        }, () -> "-1 or [1,...]");
        return new ConfigDef()
                .define(INCLUDE, Type.LIST, defaultInclude, new ConfigDef.NonNullValidator(), Importance.LOW,
                        "A list of strings that represent regular expressions that may match topic names.", group, 1,
                        Width.LONG, "Inclusion Topic Pattern for " + group)
                .define(EXCLUDE, Type.LIST, List.of(), new ConfigDef.NonNullValidator(), Importance.LOW,
                        "A list of strings that represent regular expressions that may match topic names. Exclusion "
                                + "rules have precedent and override any inclusion rules for topics.", group, 2,
                        Width.LONG, "Exclusion Topic Pattern for " + group)
                .define(REPLICATION_FACTOR, Type.INT, defaultCount, minusOneOrPositive, Importance.LOW,
                        "The replication factor for new topics created for this connector.", group, 3, Width.LONG,
                        "Replication Factor for Topics in " + group)
                .define(PARTITIONS, Type.INT, defaultCount, minusOneOrPositive, Importance.LOW,
                        "The number of partitions new topics created for this connector.", group, 4, Width.LONG,
                        "Partition Count for Topics in " + group);
    }
}
