package io.fluxgate.cluster.membership;

import org.apache.kafka.clients.ClientResponse;
import org.apache.kafka.clients.KafkaClient;
import org.apache.kafka.clients.Metadata;
import org.apache.kafka.clients.consumer.internals.ConsumerNetworkClient;
import org.apache.kafka.clients.consumer.internals.RequestFuture;
import org.apache.kafka.clients.consumer.internals.RequestFutureListener;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;

/**
 * The member's network client, telling {@link GroupContact} of every JoinGroup, SyncGroup and heartbeat it sends and
 * how the coordinator answered: Kafka's coordinator keeps when it last heard from the group to itself.
 */
final class WitnessedNetworkClient extends ConsumerNetworkClient {

    private final GroupContact contact;

    WitnessedNetworkClient(LogContext logContext, KafkaClient client, Metadata metadata, Time time,
            long retryBackoffMs, int defaultRequestTimeoutMs, GroupContact contact) {
        super(logContext, client, metadata, time, retryBackoffMs, defaultRequestTimeoutMs, Integer.MAX_VALUE);
        this.contact = contact;
    }

    @Override
    public RequestFuture<ClientResponse> send(Node node, AbstractRequest.Builder<?> requestBuilder) {
        return send(node, requestBuilder, defaultRequestTimeoutMs());
    }

    @Override
    public RequestFuture<ClientResponse> send(Node node, AbstractRequest.Builder<?> requestBuilder,
            int requestTimeoutMs) {
        ApiKeys api = requestBuilder.apiKey();
        if (api != ApiKeys.HEARTBEAT && api != ApiKeys.JOIN_GROUP && api != ApiKeys.SYNC_GROUP) {
            return super.send(node, requestBuilder, requestTimeoutMs);
        }
        long sentNanos = contact.sending(api);
        RequestFuture<ClientResponse> future = super.send(node, requestBuilder, requestTimeoutMs);
        future.addListener(new RequestFutureListener<>() {
            @Override
            public void onSuccess(ClientResponse response) {
                if (response.hasResponse() && !response.wasDisconnected()) {
                    contact.answered(api, sentNanos, response.responseBody());
                } else {
                    contact.unanswered(api);
                }
            }

            @Override
            public void onFailure(RuntimeException e) {
                contact.unanswered(api);
            }
        });
        return future;
    }
}
