package io.fluxgate.plugins.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** A class file read whole: its header, and every class it may load. */
class ClassFileTest {

    /** References a class in each place a class file can name one. */
    @SuppressWarnings("unused")
    public static class Referrer extends Thread implements Callable<Struct>, Serializable {
        private Schema field;

        public Struct call() {
            return null;
        }

        List<String[]> parameters(java.time.Duration duration, int primitive) {
            return java.util.Collections.singletonList(new java.math.BigDecimal[0] == null ? null : new String[0]);
        }

        Object code() {
            return new java.util.concurrent.atomic.AtomicLong();
        }
    }

    @Test
    void readsTheHeaderAndEveryReference() throws Exception {
        ClassFile file;
        try (InputStream in = Referrer.class.getResourceAsStream("ClassFileTest$Referrer.class")) {
            file = ClassFile.read(in);
        }
        assertEquals(Referrer.class.getName(), file.header().name());
        assertEquals("java.lang.Thread", file.header().superName());
        assertEquals(List.of("java.util.concurrent.Callable", "java.io.Serializable"), file.header().interfaces());
        Set<String> references = file.references();
        for (String expected : List.of("java.lang.Thread", "java.util.concurrent.Callable", Struct.class.getName(),
                Schema.class.getName(), "java.time.Duration", "java.util.List", "java.math.BigDecimal",
                "java.util.concurrent.atomic.AtomicLong", "java.lang.String")) {
            assertTrue(references.contains(expected), expected + " in " + references);
        }
        assertFalse(references.contains(Referrer.class.getName()), "itself");
        assertFalse(references.stream().anyMatch(name -> name.startsWith("[") || name.contains("/")), references
                .toString());
    }
}
