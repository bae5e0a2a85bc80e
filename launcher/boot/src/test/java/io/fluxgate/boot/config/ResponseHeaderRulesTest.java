package io.fluxgate.boot.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** {@code response.http.headers.config} is refused with Kafka Connect's words. */
class ResponseHeaderRulesTest {

    @Test
    void kafkasDocumentedRulesAreAccepted() {
        assertDoesNotThrow(() -> ResponseHeaderRules.validate(""));
        assertDoesNotThrow(() -> ResponseHeaderRules.validate("set X-Frame-Options:DENY, add Cache-Control:no-cache,"
                + " \"add X-List:a, b\", setDate Expires:31540000000, addDate Last-Modified:0"));
    }

    @Test
    void quotedRulesKeepTheirCommas() {
        assertEquals(List.of("set A:1", "add B:x, y"), ResponseHeaderRules.split("set A:1, \"add B:x, y\""));
    }

    @Test
    void malformedRulesAreNamed() {
        assertMessage("set", "Invalid format of header config 'set'. Expected: '[action] [header name]:[header value]'");
        assertMessage("put X:1", "Invalid header config action: 'put'. Expected one of [set, add, setDate, addDate]");
        assertMessage("set X", "Invalid format of header name and header value pair 'X'. "
                + "Expected: '[header name]:[header value]'");
        assertMessage("setDate Expires:tomorrow", "Invalid header config 'setDate Expires:tomorrow'. The value of a "
                + "setDate rule is a number of milliseconds from now");
    }

    @Test
    void theWorkerConfigurationRefusesThemAtStartUp() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ResponseHeaderRules.Validator()
                .ensureValid("response.http.headers.config", "set X"));
        assertEquals("Invalid value set X for configuration response.http.headers.config: Invalid format of header "
                + "name and header value pair 'X'. Expected: '[header name]:[header value]'", e.getMessage());
    }

    private static void assertMessage(String rule, String message) {
        assertEquals(message, assertThrows(ConfigException.class, () -> ResponseHeaderRules.validate(rule))
                .getMessage());
    }
}
