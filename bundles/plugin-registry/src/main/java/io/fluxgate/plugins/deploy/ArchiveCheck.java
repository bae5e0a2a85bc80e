package io.fluxgate.plugins.deploy;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.zip.ZipFile;

/**
 * Whether a file FileInstall offers can be read as an archive yet. Opening a zip reads its central directory,
 * written last: a jar still being copied does not open, and is tried again once its size or time changes (FileInstall
 * asks again at every poll about a file nobody takes, so answers are kept per file, size and time, and a new answer
 * that the file is unreadable is told once).
 */
final class ArchiveCheck {

    private record Seen(long length, long lastModified, String problem) {
    }

    private final Map<File, Seen> seen = new ConcurrentHashMap<>();
    private final BiConsumer<File, String> onUnreadable;

    /** @param onUnreadable told once of each new reason a file cannot be read */
    ArchiveCheck(BiConsumer<File, String> onUnreadable) {
        this.onUnreadable = onUnreadable;
    }

    boolean readable(File file) {
        long length = file.length();
        long lastModified = file.lastModified();
        Seen before = seen.get(file);
        if (before != null && before.length() == length && before.lastModified() == lastModified) {
            return before.problem() == null;
        }
        String problem = problem(file);
        seen.put(file, new Seen(length, lastModified, problem));
        if (problem != null) {
            onUnreadable.accept(file, problem);
        }
        return problem == null;
    }

    private static String problem(File file) {
        try (ZipFile zip = new ZipFile(file)) {
            return null;
        } catch (IOException | RuntimeException e) {
            return "it cannot be read as a jar (" + e.getMessage() + "); it is tried again when it changes";
        }
    }
}
