package io.fluxgate.itests.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What a replication must carry over unchanged: a record's key, value and headers, byte for byte. Bytes are held as
 * ISO-8859-1 text, which maps each byte to one character and back: equality is byte equality, and a failure message
 * stays readable.
 */
record RecordContent(String key, String value, List<HeaderContent> headers) {

    record HeaderContent(String key, String value) {
        @Override
        public String toString() {
            return printable(key) + "=" + printable(value);
        }
    }

    static RecordContent of(ConsumerRecord<byte[], byte[]> record) {
        List<HeaderContent> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new HeaderContent(header.key(), text(header.value())));
        }
        return new RecordContent(text(record.key()), text(record.value()), headers);
    }

    ProducerRecord<byte[], byte[]> toRecord(String topic, int partition) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach(h -> recordHeaders.add(h.key(), bytes(h.value())));
        return new ProducerRecord<>(topic, partition, bytes(key), bytes(value), recordHeaders);
    }

    @Override
    public String toString() {
        return "key=" + printable(key) + " value=" + printable(value) + " headers=" + headers;
    }

    /** Bytes outside printable ASCII as {@code \xNN}: a failure message shows them and stays text. */
    private static String printable(String bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder();
        for (char c : bytes.toCharArray()) {
            text.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return text.toString();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
