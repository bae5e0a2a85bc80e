package io.fluxgate.plugins.wrap;

import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import aQute.bnd.version.MavenVersion;

/**
 * The bundle identity of a wrapped plugin jar or directory, from its name as Maven names jars:
 * {@code connect-file-4.3.1.jar} is {@code fluxgate.plugin.connect-file} 4.3.1 (a directory
 * {@code debezium-connector-mysql-2.5.4.Final} likewise). A name without a version takes the jar's
 * {@code Implementation-Version}, else 0.0.0. Two versions of one plugin thus install side by side; the same name
 * twice does not, as it should not.
 *
 * @param declaredVersion the version as the name or manifest wrote it; null when neither said one (0.0.0 is then
 *                        only there because OSGi needs a version, and plugins that do not say theirs are
 *                        {@code undefined})
 */
record PluginBundleName(String symbolicName, String version, String declaredVersion) {

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
        String declared = version == null || version.isBlank() ? null : version.trim();
        return new PluginBundleName(PREFIX + symbolicNameToken(base), osgiVersion(declared), declared);
    }

    /** A Bundle-SymbolicName is dot-separated tokens of letters, digits, '_' and '-'. */
    private static String symbolicNameToken(String name) {
        String token = NOT_A_TOKEN_CHARACTER.matcher(name).replaceAll("_").replaceAll("\\.{2,}", ".");
        token = token.replaceAll("^\\.+|\\.+$", "");
        return token.isEmpty() ? "unnamed" : token;
    }

    /** Maven's {@code 1.0-SNAPSHOT} is OSGi's {@code 1.0.0.SNAPSHOT}. */
    private static String osgiVersion(String version) {
        return version == null ? "0.0.0" : MavenVersion.cleanupVersion(version);
    }
}
