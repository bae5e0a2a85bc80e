package io.fluxgate.runtime.testing.plugins;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * A converter that hangs, deaf to interrupts, until {@link #RELEASE}: a hostile plugin. It hangs in
 * {@code configure()}, or in {@code close()} with the setting {@code hang=close} ({@code value.converter.hang}).
 */
public class HangingConverter implements Converter {

    public static volatile CountDownLatch RELEASE = new CountDownLatch(1);
    private boolean hangInClose;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        hangInClose = "close".equals(configs.get("hang"));
        if (!hangInClose) {
            hang();
        }
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return value == null ? null : value.toString().getBytes();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, value == null ? null : new String(value));
    }

    @Override
    public void close() {
        if (hangInClose) {
            hang();
        }
    }

    private static void hang() {
        while (RELEASE.getCount() > 0) {
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                // deaf to interrupts, as a hung plugin is
            }
        }
    }
}
