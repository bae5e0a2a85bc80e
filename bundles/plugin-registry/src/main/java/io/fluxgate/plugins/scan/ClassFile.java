package io.fluxgate.plugins.scan;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One class file read whole (JVMS 4): its {@link ClassHeader} and the classes it references, from its class constants
 * and from the descriptors of the fields and methods it declares or uses. What it references is what it may load when
 * it runs; a reference that resolves nowhere is a missing dependency.
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

    /**
     * Reads one class file.
     *
     * @throws IOException when the stream cannot be read, or ends early ({@link java.io.EOFException})
     * @throws IllegalArgumentException when the bytes are not a class file
     */
    public static ClassFile read(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != MAGIC) {
            throw new IllegalArgumentException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        List<Integer> descriptors = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case UTF8 -> utf8[i] = in.readUTF();
                case CLASS -> classNames[i] = in.readUnsignedShort();
                case METHOD_TYPE -> descriptors.add(in.readUnsignedShort());
                case NAME_AND_TYPE -> {
                    in.readUnsignedShort(); // name
                    descriptors.add(in.readUnsignedShort());
                }
                case 8, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
            }
        }
        int access = in.readUnsignedShort();
        String name = className(utf8, classNames, in.readUnsignedShort());
        int superIndex = in.readUnsignedShort();
        String superName = superIndex == 0 ? null : className(utf8, classNames, superIndex);
        int interfaceCount = in.readUnsignedShort();
        List<String> interfaces = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(className(utf8, classNames, in.readUnsignedShort()));
        }
        for (int members = 0; members < 2; members++) { // fields, then methods
            int memberCount = in.readUnsignedShort();
            for (int i = 0; i < memberCount; i++) {
                in.skipNBytes(4); // access flags, name
                descriptors.add(in.readUnsignedShort());
                skipAttributes(in);
            }
        }

        Set<String> references = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (classNames[i] > 0 && classNames[i] < count && utf8[classNames[i]] != null) {
                addClassConstant(utf8[classNames[i]], references);
            }
        }
        for (int index : descriptors) {
            if (index > 0 && index < count && utf8[index] != null) {
                addDescriptor(utf8[index], references);
            }
        }
        references.remove(name);
        return new ClassFile(new ClassHeader(name, superName, List.copyOf(interfaces), access), references);
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int i = 0; i < attributes; i++) {
            in.readUnsignedShort(); // name
            in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
        }
    }

    /** A class constant names a class ({@code a/b/C}) or an array type ({@code [La/b/C;}, {@code [I}). */
    private static void addClassConstant(String internalName, Set<String> references) {
        if (internalName.startsWith("[")) {
            addDescriptor(internalName, references);
        } else {
            references.add(internalName.replace('/', '.'));
        }
    }

    /** Every {@code L<internal name>;} of a field or method descriptor. */
    static void addDescriptor(String descriptor, Set<String> references) {
        for (int start = descriptor.indexOf('L'); start >= 0; start = descriptor.indexOf('L', start)) {
            int end = descriptor.indexOf(';', start);
            if (end < 0) {
                return;
            }
            references.add(descriptor.substring(start + 1, end).replace('/', '.'));
            start = end + 1;
        }
    }

    private static String className(String[] utf8, int[] classNames, int classIndex) {
        if (classIndex <= 0 || classIndex >= classNames.length || utf8[classNames[classIndex]] == null) {
            throw new IllegalArgumentException("bad class reference " + classIndex);
        }
        return utf8[classNames[classIndex]].replace('/', '.');
    }
}
