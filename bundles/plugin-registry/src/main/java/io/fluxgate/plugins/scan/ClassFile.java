package io.fluxgate.plugins.scan;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One class file read whole (JVMS 4): its {@link ClassHeader} and the classes it references, from its class constants
 * and from the descriptors of the fields and methods it declares or uses. What it references is what it may load when
 * it runs; a reference that resolves nowhere is a missing dependency.
 *
 * <p>Read from its bytes in place: a plugin directory has thousands of class files, and only the constants that name
 * classes are ever turned into strings.
 *
 * @param header     where the class stands in the hierarchy
 * @param references the binary names of the classes referenced (dots), without itself, arrays or primitives
 */
public record ClassFile(ClassHeader header, Set<String> references) {

    private static final int MAGIC = 0xCAFEBABE;
    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    private static final int NAME_AND_TYPE = 12;
    private static final int METHOD_TYPE = 16;

    /** Reads one class file; see {@link #read(byte[])}. */
    public static ClassFile read(InputStream classFile) throws IOException {
        return read(classFile.readAllBytes());
    }

    /**
     * Reads one class file.
     *
     * @throws EOFException when the bytes end early
     * @throws IllegalArgumentException when the bytes are not a class file
     */
    public static ClassFile read(byte[] bytes) throws IOException {
        Cursor in = new Cursor(bytes);
        if (in.u4() != MAGIC) {
            throw new IllegalArgumentException("not a class file");
        }
        in.skip(4); // minor and major versions
        int count = in.u2();
        int[] utf8Offsets = new int[count];
        int[] classNames = new int[count];
        List<Integer> descriptors = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.u1();
            switch (tag) {
                case UTF8 -> {
                    utf8Offsets[i] = in.position();
                    in.skip(in.u2());
                }
                case CLASS -> classNames[i] = in.u2();
                case METHOD_TYPE -> descriptors.add(in.u2());
                case NAME_AND_TYPE -> {
                    in.skip(2); // name
                    descriptors.add(in.u2());
                }
                case 8, 19, 20 -> in.skip(2);
                case 15 -> in.skip(3);
                case 3, 4, 9, 10, 11, 17, 18 -> in.skip(4);
                case 5, 6 -> {
                    in.skip(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
            }
        }
        Utf8Constants utf8 = new Utf8Constants(bytes, utf8Offsets);
        int access = in.u2();
        String name = utf8.className(classNames, in.u2());
        int superIndex = in.u2();
        String superName = superIndex == 0 ? null : utf8.className(classNames, superIndex);
        int interfaceCount = in.u2();
        List<String> interfaces = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(utf8.className(classNames, in.u2()));
        }
        for (int members = 0; members < 2; members++) { // fields, then methods
            int memberCount = in.u2();
            for (int i = 0; i < memberCount; i++) {
                in.skip(4); // access flags, name
                descriptors.add(in.u2());
                int attributes = in.u2();
                for (int a = 0; a < attributes; a++) {
                    in.skip(2); // name
                    in.skip(in.u4());
                }
            }
        }

        Set<String> references = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (classNames[i] > 0) {
                utf8.addClassConstant(classNames[i], references);
            }
        }
        for (int index : descriptors) {
            utf8.addDescriptor(index, references);
        }
        references.remove(name);
        return new ClassFile(new ClassHeader(name, superName, List.copyOf(interfaces), access), references);
    }

    /** A class file's bytes, read forward. */
    private static final class Cursor {
        private final byte[] bytes;
        private int position;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        int position() {
            return position;
        }

        int u1() throws EOFException {
            require(1);
            return bytes[position++] & 0xFF;
        }

        int u2() throws EOFException {
            require(2);
            int value = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
            position += 2;
            return value;
        }

        int u4() throws EOFException {
            require(4);
            int value = ((bytes[position] & 0xFF) << 24) | ((bytes[position + 1] & 0xFF) << 16)
                    | ((bytes[position + 2] & 0xFF) << 8) | (bytes[position + 3] & 0xFF);
            position += 4;
            return value;
        }

        void skip(long count) throws EOFException {
            if (count < 0 || count > bytes.length - position) {
                throw new EOFException();
            }
            position += (int) count;
        }

        private void require(int count) throws EOFException {
            if (bytes.length - position < count) {
                throw new EOFException();
            }
        }
    }

    /** The UTF-8 constants of a class file, decoded only when asked for. */
    private record Utf8Constants(byte[] bytes, int[] offsets) {

        String className(int[] classNames, int classIndex) throws IOException {
            if (classIndex <= 0 || classIndex >= classNames.length || !isUtf8(classNames[classIndex])) {
                throw new IllegalArgumentException("bad class reference " + classIndex);
            }
            return decode(classNames[classIndex]).replace('/', '.');
        }

        /** A class constant names a class ({@code a/b/C}) or an array type ({@code [La/b/C;}, {@code [I}). */
        void addClassConstant(int index, Set<String> references) throws IOException {
            if (!isUtf8(index)) {
                return;
            }
            int start = offsets[index] + 2;
            if (bytes[start] == '[') {
                addDescriptor(index, references);
            } else {
                references.add(decode(index).replace('/', '.'));
            }
        }

        /** Every {@code L<internal name>;} of a field or method descriptor. */
        void addDescriptor(int index, Set<String> references) throws IOException {
            if (!isUtf8(index)) {
                return;
            }
            String descriptor = decode(index);
            for (int start = descriptor.indexOf('L'); start >= 0; start = descriptor.indexOf('L', start)) {
                int end = descriptor.indexOf(';', start);
                if (end < 0) {
                    return;
                }
                references.add(descriptor.substring(start + 1, end).replace('/', '.'));
                start = end + 1;
            }
        }

        private boolean isUtf8(int index) {
            return index > 0 && index < offsets.length && offsets[index] > 0;
        }

        /** Class names and descriptors are ASCII nearly always: decoded directly, else as modified UTF-8. */
        private String decode(int index) throws IOException {
            int offset = offsets[index];
            int length = ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
            for (int i = offset + 2; i < offset + 2 + length; i++) {
                if (bytes[i] < 0 || bytes[i] == 0) {
                    return new DataInputStream(new ByteArrayInputStream(bytes, offset, length + 2)).readUTF();
                }
            }
            return new String(bytes, offset + 2, length, StandardCharsets.ISO_8859_1);
        }
    }
}
