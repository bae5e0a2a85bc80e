package io.fluxgate.plugins.content;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One plugin's content as the {@link PluginContentStore} keeps it: its files, the class path a
 * {@link io.fluxgate.plugins.isolation.PluginClassLoader} reads them in, and its {@link ContentIndex}.
 *
 * @param dir       the store's entry
 * @param classPath the archives (or {@code .} for a directory of class files), relative to {@link #files()}, in
 *                  Kafka's order
 * @param index     what reading the archives told
 */
public record PluginContent(Path dir, List<String> classPath, ContentIndex index) {

    static final String FILES = "files";
    static final String CLASS_PATH = "class-path";
    static final String INDEX = "index";

    public PluginContent {
        classPath = List.copyOf(classPath);
    }

    /** Where the plugin's files are. */
    public Path files() {
        return dir.resolve(FILES);
    }

    /** The class path as URLs, for the plugin's class loader. */
    public URL[] urls() {
        return classPath.stream().map(entry -> url(files().resolve(entry).normalize())).toArray(URL[]::new);
    }

    /** Reads an entry the store wrote (the registry's side: it never computes anything). */
    public static PluginContent open(Path dir) throws IOException {
        List<String> classPath = Files.readAllLines(dir.resolve(CLASS_PATH), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        ContentIndex index;
        try (Reader in = Files.newBufferedReader(dir.resolve(INDEX), StandardCharsets.ISO_8859_1)) {
            index = ContentIndex.read(in);
        }
        if (index == null) {
            throw new IOException("The index of " + dir + " is of another format");
        }
        return new PluginContent(dir, classPath, index);
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
