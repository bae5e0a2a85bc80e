package io.fluxgate.runtime.worker;

import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.health.ConnectorType;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.TopicCreationGroups;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.task.AdminTopicCreator;
import io.fluxgate.runtime.task.TopicCreator;

/**
 * Makes the topic creator of a source task: one that creates topics when the worker allows it
 * ({@code topic.creation.enable}) and the connector configures it ({@code topic.creation.*}), else none.
 */
public final class TopicCreators {

    private final WorkerSettings settings;
    private final ClientConfigs clients;

    public TopicCreators(WorkerSettings settings, ClientConfigs clients) {
        this.settings = settings;
        this.clients = clients;
    }

    public TopicCreator forSource(ConnectorTaskId id, ConnectorConfig config, Class<? extends Connector> type) {
        List<TopicCreationGroups.Group> groups = TopicCreationGroups.of(config.originals());
        if (!settings.topicCreationEnable() || groups.isEmpty()) {
            return TopicCreator.NONE;
        }
        return new AdminTopicCreator(Admin.create(clients.admin(config, type, ConnectorType.SOURCE,
                "connector-adminclient-" + id)), groups);
    }
}
