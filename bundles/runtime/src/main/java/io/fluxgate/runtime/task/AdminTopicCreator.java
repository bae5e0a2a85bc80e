package io.fluxgate.runtime.task;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.runtime.config.TopicCreationGroups;

/**
 * Creates a source task's topics before their first record (KIP-158), with the settings of the first topic creation
 * group that matches, and remembers the topics it has seen so that each is checked once per task.
 */
public final class AdminTopicCreator implements TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(AdminTopicCreator.class);

    private final Admin admin;
    private final List<TopicCreationGroups.Group> groups;
    private final Set<String> known = new HashSet<>();

    public AdminTopicCreator(Admin admin, List<TopicCreationGroups.Group> groups) {
        this.admin = admin;
        this.groups = List.copyOf(groups);
    }

    @Override
    public void ensureTopic(String topic) {
        if (known.contains(topic)) {
            return;
        }
        LOG.info("The task will send records to topic '{}' for the first time. Checking whether topic exists",
                topic);
        if (exists(topic)) {
            LOG.info("Topic '{}' already exists.", topic);
            known.add(topic);
            return;
        }
        TopicCreationGroups.Group group = groups.stream().filter(g -> g.matches(topic)).findFirst()
                .orElse(groups.get(groups.size() - 1));
        NewTopic newTopic = group.newTopic(topic);
        LOG.info("Creating topic '{}'", topic);
        try {
            admin.createTopics(List.of(newTopic)).all().get();
            LOG.info("Created topic '{}' using creation group {}", newTopic, group.name());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("Request to create new topic '{}' failed", topic, e.getCause());
                throw new ConnectException("Task failed to create new topic " + newTopic + ". Ensure that the task "
                        + "is authorized to create topics or that the topic exists and restart the task",
                        e.getCause());
            }
            LOG.info("Found existing topic '{}'", newTopic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while creating topic " + topic, e);
        }
        known.add(topic);
    }

    private boolean exists(String topic) {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new ConnectException("Failed to describe topic " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while describing topic " + topic, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(30));
    }
}
