package io.fluxgate.rest.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.StringUtil;

/**
 * Kafka Connect's {@code response.http.headers.config}: adds or sets headers on every response of the API, with the
 * semantics of Jetty's {@code HeaderFilter}, which Kafka Connect uses: rules {@code [action] [name]:[value]} separated
 * by commas, actions {@code set}, {@code add}, {@code setDate} and {@code addDate}, a date value being milliseconds
 * from now. Applied before the request is handled, so a header the API sets itself wins over a {@code set} rule.
 */
final class ResponseHeadersHandler extends Handler.Wrapper {

    private final List<Rule> rules;
    private final LongSupplier clock;

    private ResponseHeadersHandler(List<Rule> rules, LongSupplier clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /**
     * The handler for {@code config}, which the worker configuration has already validated.
     *
     * @throws NumberFormatException when the value of a date rule is not a number of milliseconds
     */
    static ResponseHeadersHandler parse(String config) {
        List<Rule> rules = new ArrayList<>();
        for (String rule : StringUtil.csvSplit(config)) {
            String[] tokens = rule.trim().split("\\s+", 2);
            String action = tokens[0].trim();
            String[] header = tokens[1].trim().split(":", 2);
            boolean date = action.endsWith("Date");
            String value = header[1].trim();
            rules.add(new Rule(action.startsWith("add"), date, header[0].trim(), value,
                    date ? Long.parseLong(value) : 0));
        }
        return new ResponseHeadersHandler(List.copyOf(rules), System::currentTimeMillis);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        for (Rule rule : rules) {
            if (rule.date()) {
                long at = clock.getAsLong() + rule.offsetMs();
                if (rule.add()) {
                    headers.addDateField(rule.name(), at);
                } else {
                    headers.putDate(rule.name(), at);
                }
            } else if (rule.add()) {
                headers.add(rule.name(), rule.value());
            } else {
                headers.put(rule.name(), rule.value());
            }
        }
        return super.handle(request, response, callback);
    }

    private record Rule(boolean add, boolean date, String name, String value, long offsetMs) {
    }
}
