package io.fluxgate.plugins.scan;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Which entries of a jar or bundle are class files worth reading for the hierarchy. */
public final class ClassFiles {

    private ClassFiles() {
    }

    /**
     * True for a class file of the jar's own packages: not {@code module-info} or {@code package-info}, and not under
     * META-INF/ (the versioned copies of a multi-release jar describe the same classes).
     */
    public static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.startsWith("META-INF/") && !path.startsWith("/META-INF/")
                && !path.endsWith("module-info.class") && !path.endsWith("package-info.class");
    }

    /** Reads one class file's header into {@code headers}; a file that is not a class file is skipped. */
    public static void add(Map<String, ClassHeader> headers, InputStream classFile) throws IOException {
        try {
            ClassHeader header = ClassHeader.read(classFile);
            headers.putIfAbsent(header.name(), header);
        } catch (EOFException | IllegalArgumentException e) {
            // a truncated or malformed class file: it could not be loaded either
        }
    }
}
