package io.fluxgate.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads of what a plugin's archives hold, bounded: a small jar can hold an entry that inflates to gigabytes, and
 * reading it whole would take the worker's heap with it. What is larger than its bound is refused, named.
 */
public final class BoundedReads {

    /** Far more than any plugin manifest lists (a class name a line). */
    public static final int MANIFEST_MAX_BYTES = 1 << 20;
    /** Far more than any class file the JVM would define (its constant pool counts 65,535 entries at most). */
    public static final int CLASS_FILE_MAX_BYTES = 16 << 20;

    private BoundedReads() {
    }

    /**
     * The whole of {@code in}, at most {@code max} bytes.
     *
     * @throws IOException naming {@code what} when it holds more
     */
    public static byte[] readAtMost(InputStream in, int max, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 8192));
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0;) {
            total += n;
            if (total > max) {
                throw new IOException(what + " is larger than " + max / 1024 + " KiB, more than it can need");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
