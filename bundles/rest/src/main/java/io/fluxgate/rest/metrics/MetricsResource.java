package io.fluxgate.rest.metrics;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code GET /metrics}: a Prometheus scrape. The metrics are read whole before anything is written, so a failure is
 * an error answer, never a truncated body.
 */
@Path("/metrics")
public final class MetricsResource {

    private final MBeanCollector collector;

    public MetricsResource(MBeanCollector collector) {
        this.collector = collector;
    }

    @GET
    public Response scrape(@Context HttpHeaders headers) {
        List<String> accept = headers.getRequestHeader(HttpHeaders.ACCEPT);
        ExpositionFormat format = ExpositionFormat.forAccept(accept == null ? null : String.join(",", accept));
        List<MetricFamily> families = collector.collect();
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            format.write(families, writer);
            writer.flush();
        };
        // A header text, not a MediaType, which Jersey would write with its parameters in another order.
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, format.contentType()).build();
    }
}
