package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.TargetState;

/** The three forms connect-standalone accepts for a connector file. */
class ConnectorFileTest {

    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        return Files.writeString(dir.resolve("c" + content.hashCode()), content);
    }

    @Test
    void javaProperties() throws Exception {
        ConnectorFile file = ConnectorFile.read(write("name=local-file-source\nconnector.class=FileStreamSource\n"
                + "tasks.max=1\n# a comment\nfile=test.txt\ntopic=connect-test\n"));
        assertEquals("local-file-source", file.name());
        assertEquals(Map.of("name", "local-file-source", "connector.class", "FileStreamSource", "tasks.max", "1",
                "file", "test.txt", "topic", "connect-test"), file.config());
        assertNull(file.initialState());
    }

    @Test
    void aFlatJsonMap() throws Exception {
        ConnectorFile file = ConnectorFile.read(write("{\"name\":\"s\",\"connector.class\":\"FileStreamSink\","
                + "\"tasks.max\":2,\"topics\":\"a,b\"}"));
        assertEquals(Map.of("name", "s", "connector.class", "FileStreamSink", "tasks.max", "2", "topics", "a,b"),
                file.config());
    }

    @Test
    void aRestCreateRequest() throws Exception {
        ConnectorFile file = ConnectorFile.read(write("{\"name\":\"s\",\"config\":{\"connector.class\":\"X\"},"
                + "\"initial_state\":\"PAUSED\"}"));
        assertEquals("s", file.name());
        assertEquals(Map.of("name", "s", "connector.class", "X"), file.config());
        assertEquals(TargetState.PAUSED, file.initialState());
    }

    @Test
    void theNameIsMandatoryAndMustAgree() throws Exception {
        Path noName = write("connector.class=X\n");
        ConnectException e = assertThrows(ConnectException.class, () -> ConnectorFile.read(noName));
        assertEquals("Connector configuration at '" + noName + "' is missing the mandatory 'name' configuration",
                e.getMessage());
        assertThrows(ConnectException.class, () -> ConnectorFile.read(write(
                "{\"name\":\"a\",\"config\":{\"name\":\"b\"}}")));
    }
}
