/**
 * Distributed mode's request forwarding, as Kafka Connect's {@code HerderRequestHandler} does it: a write the herder
 * says must run on another worker ({@link io.fluxgate.api.herder.ForwardRequestException}) is sent there as received
 * and the answer relayed. Resources opt in with {@link io.fluxgate.rest.forwarding.Forwardable}; they stay unaware of
 * forwarding otherwise.
 */
package io.fluxgate.rest.forwarding;
