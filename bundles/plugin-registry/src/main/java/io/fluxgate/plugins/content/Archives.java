package io.fluxgate.plugins.content;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Whether an archive's copy has ended: a zip ends with its central directory, which a half-copied one lacks. */
final class Archives {

    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int MAX_END_RECORD_SEARCH = 0xFFFF + 22;

    private Archives() {
    }

    /** The last bytes of a stream, as many as the end record can be away from the end. */
    static final class Tail {
        private final byte[] bytes = new byte[MAX_END_RECORD_SEARCH];
        private int length;

        void add(byte[] buffer, int count) {
            if (count >= bytes.length) {
                System.arraycopy(buffer, count - bytes.length, bytes, 0, bytes.length);
                length = bytes.length;
                return;
            }
            int keep = Math.min(length, bytes.length - count);
            System.arraycopy(bytes, length - keep, bytes, 0, keep);
            System.arraycopy(buffer, 0, bytes, keep, count);
            length = keep + count;
        }

        boolean isCompleteArchive() {
            return isComplete(java.util.Arrays.copyOf(bytes, length));
        }
    }

    static boolean isComplete(byte[] zip) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int lowest = Math.max(0, zip.length - MAX_END_RECORD_SEARCH);
        for (int i = zip.length - 22; i >= lowest; i--) {
            if (buffer.getInt(i) == END_OF_CENTRAL_DIRECTORY) {
                return true;
            }
        }
        return false;
    }
}
