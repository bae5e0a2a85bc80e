package io.fluxgate.plugins.scan;

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
}
