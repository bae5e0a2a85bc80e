package io.fluxgate.rest.forwarding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method whose request is forwarded to the worker the herder names when it fails with a
 * {@link io.fluxgate.api.herder.ForwardRequestException}: the leader for a write, the owner for a plain restart. Its
 * body is kept as received, so that the other worker reads the same bytes. Requests of other methods (reads, pause,
 * resume) are answered here, as Kafka Connect answers them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Forwardable {

    /**
     * Request headers forwarded besides {@code Authorization} (the only one Kafka Connect forwards) and
     * {@code Content-Type}: the internal endpoints' signature headers, which the other worker verifies.
     */
    String[] headers() default {};
}
