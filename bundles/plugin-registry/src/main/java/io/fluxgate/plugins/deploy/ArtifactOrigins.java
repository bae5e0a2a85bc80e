package io.fluxgate.plugins.deploy;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a file FileInstall hands over comes from. FileInstall gives a plugin directory to its listeners as a jar it
 * writes into its temporary directory ({@code <tmpdir>/<directory name>.jar}); everything else is handed over where
 * it lies. So a file in that temporary directory is a directory's jar, and the directory is the one of that name in a
 * watched directory.
 */
final class ArtifactOrigins {

    /** FileInstall's name for its temporary directory when none is configured: {@code <java.io.tmpdir>/fileinstall-*}. */
    private static final String DEFAULT_TMPDIR_PREFIX = "fileinstall-";

    private final File tmpDir;
    private final List<File> watched;

    /**
     * @param tmpDir  {@code felix.fileinstall.tmpdir}, or null when FileInstall picks its own
     * @param watched {@code felix.fileinstall.dir}: one directory or a comma-separated list, or null
     */
    ArtifactOrigins(String tmpDir, String watched) {
        this.tmpDir = tmpDir == null ? null : canonical(new File(tmpDir));
        List<File> dirs = new ArrayList<>();
        if (watched != null) {
            for (String dir : watched.split(",")) {
                if (!dir.isBlank()) {
                    dirs.add(new File(dir.trim()));
                }
            }
        }
        this.watched = List.copyOf(dirs);
    }

    /** True for FileInstall's jar of a plugin directory. */
    boolean isDirectoryJar(File artifact) {
        File parent = canonical(artifact.getAbsoluteFile()).getParentFile();
        if (parent == null) {
            return false;
        }
        if (tmpDir != null) {
            return parent.equals(tmpDir);
        }
        File javaTmp = canonical(new File(System.getProperty("java.io.tmpdir")));
        return parent.getName().startsWith(DEFAULT_TMPDIR_PREFIX) && javaTmp.equals(parent.getParentFile());
    }

    /**
     * The location FileInstall installs the artifact under: the directory's for a directory's jar (found in a watched
     * directory by name), the file's otherwise.
     */
    String location(File artifact) {
        if (isDirectoryJar(artifact) && artifact.getName().endsWith(".jar")) {
            String name = artifact.getName().substring(0, artifact.getName().length() - 4);
            for (File dir : watched) {
                File candidate = new File(dir, name);
                if (candidate.isDirectory()) {
                    return candidate.toURI().normalize().toString();
                }
            }
        }
        return artifact.toURI().normalize().toString();
    }

    /** The plugin directory a directory's jar was made of, or null for anything else. */
    Path directoryOf(File artifact) {
        if (!isDirectoryJar(artifact)) {
            return null;
        }
        Path location = Path.of(URI.create(location(artifact)));
        return Files.isDirectory(location) ? location : null;
    }

    /** A name people recognise in a log line: the directory's or the file's. */
    String displayName(File artifact) {
        if (isDirectoryJar(artifact) && artifact.getName().endsWith(".jar")) {
            return artifact.getName().substring(0, artifact.getName().length() - 4) + "/";
        }
        return artifact.getName();
    }

    private static File canonical(File file) {
        try {
            return file.getCanonicalFile();
        } catch (IOException e) {
            return file.getAbsoluteFile();
        }
    }
}
