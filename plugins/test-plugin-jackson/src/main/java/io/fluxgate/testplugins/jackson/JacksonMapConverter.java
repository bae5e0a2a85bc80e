package io.fluxgate.testplugins.jackson;

import java.io.IOException;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.PackageVersion;

/** Maps to and from JSON with its own jackson-databind, whose version its {@link #toString()} says. */
public class JacksonMapConverter implements Converter {

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new DataException(e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        try {
            return new SchemaAndValue(null, mapper.readValue(value, Map.class));
        } catch (IOException e) {
            throw new DataException(e);
        }
    }

    @Override
    public String version() {
        return "1.5.0";
    }

    @Override
    public String toString() {
        return "jackson-databind " + PackageVersion.VERSION;
    }
}
