package io.fluxgate.plugins.wrap;

import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import aQute.bnd.version.MavenVersion;

/**
 * The bundle identity of a wrapped plugin jar, from its file name as Maven names jars:
 * {@code connect-file-4.3.1.jar} is {@code fluxgate.plugin.connect-file} 4.3.1. A name without a version takes the
 * jar's {@code Implementation-Version}, else 0.0.0. Two versions of one plugin thus install side by side; the same
 * file name twice does not, as it should not.
 */
record PluginBundleName(String symbolicName, String version) {

    static final String PREFIX = "fluxgate.plugin.";

    /** Name, then a dash and a version that starts with a digit. */
    private static final Pattern MAVEN_FILE_NAME = Pattern.compile("(.+?)-(\\d[^/]*)");
    private static final Pattern NOT_A_TOKEN_CHARACTER = Pattern.compile("[^A-Za-z0-9_.-]+");

    static PluginBundleName of(String fileName, Manifest manifest) {
        String base = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
        String version = null;
        Matcher maven = MAVEN_FILE_NAME.matcher(base);
        if (maven.matches()) {
            base = maven.group(1);
            version = maven.group(2);
        } else if (manifest != null) {
            version = manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        }
        return new PluginBundleName(PREFIX + symbolicNameToken(base), osgiVersion(version));
    }

    /** A Bundle-SymbolicName is dot-separated tokens of letters, digits, '_' and '-'. */
    private static String symbolicNameToken(String name) {
        String token = NOT_A_TOKEN_CHARACTER.matcher(name).replaceAll("_").replaceAll("\\.{2,}", ".");
        token = token.replaceAll("^\\.+|\\.+$", "");
        return token.isEmpty() ? "unnamed" : token;
    }

    /** Maven's {@code 1.0-SNAPSHOT} is OSGi's {@code 1.0.0.SNAPSHOT}. */
    private static String osgiVersion(String version) {
        if (version == null || version.isBlank()) {
            return "0.0.0";
        }
        return MavenVersion.cleanupVersion(version.trim());
    }
}
