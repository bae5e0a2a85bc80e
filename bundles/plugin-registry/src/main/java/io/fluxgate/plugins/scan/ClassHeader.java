package io.fluxgate.plugins.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a class file says about its place in the type hierarchy, read from its first bytes (JVMS 4.1: the constant
 * pool, access flags, this class, super class and interfaces) without defining the class.
 *
 * @param name       the binary name, with dots ({@code com.example.Outer$Inner})
 * @param superName  the super class's binary name, null for {@code java.lang.Object} and for interfaces' absent one
 * @param interfaces the directly implemented interfaces
 * @param access     the class file's access flags
 */
public record ClassHeader(String name, String superName, List<String> interfaces, int access) {

    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;
    private static final int ACC_SYNTHETIC = 0x1000;
    private static final int ACC_ANNOTATION = 0x2000;
    private static final int ACC_ENUM = 0x4000;
    private static final int ACC_MODULE = 0x8000;

    /** Public, neither abstract nor an interface: what Kafka's {@code PluginUtils.isConcrete} and a public class mean. */
    public boolean isPublicConcrete() {
        return (access & ACC_PUBLIC) != 0
                && (access & (ACC_INTERFACE | ACC_ABSTRACT | ACC_SYNTHETIC | ACC_ANNOTATION | ACC_ENUM
                        | ACC_MODULE)) == 0;
    }

    /** The direct super types: the super class first, then the interfaces. */
    public List<String> superTypes() {
        List<String> types = new ArrayList<>(interfaces.size() + 1);
        if (superName != null) {
            types.add(superName);
        }
        types.addAll(interfaces);
        return types;
    }

    /**
     * Reads the header of one class file.
     *
     * @throws IOException when the stream cannot be read, or ends early ({@link java.io.EOFException})
     * @throws IllegalArgumentException when the bytes are not a class file
     */
    public static ClassHeader read(InputStream classFile) throws IOException {
        return ClassFile.read(classFile).header();
    }
}
