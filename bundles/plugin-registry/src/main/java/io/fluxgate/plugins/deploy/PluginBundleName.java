package io.fluxgate.plugins.deploy;

import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Version;

/**
 * The bundle identity of a plugin jar or directory, from its name as Maven names jars:
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

    /** Major, minor and micro numbers, then anything after a separator: how Maven versions are written. */
    private static final Pattern MAVEN_VERSION = Pattern.compile("(\\d+)(\\.(\\d+)(\\.(\\d+))?)?([^a-zA-Z0-9](.*))?",
            Pattern.DOTALL);
    private static final Pattern NOT_A_QUALIFIER_CHARACTER = Pattern.compile("[^A-Za-z0-9_-]");

    /**
     * Maven's {@code 1.0-SNAPSHOT} is OSGi's {@code 1.0.0.SNAPSHOT}; a version OSGi already reads is kept as written
     * ({@code 2.1}, {@code 3.6.1.Final}). The same answers as bnd's {@code MavenVersion.cleanupVersion}.
     */
    static String osgiVersion(String version) {
        if (version == null) {
            return "0.0.0";
        }
        try {
            Version.parseVersion(version);
            return version;
        } catch (IllegalArgumentException e) {
            // not an OSGi version yet
        }
        Matcher maven = MAVEN_VERSION.matcher(version);
        if (!maven.matches()) {
            return "0.0.0." + qualifier(version);
        }
        String minor = maven.group(3) == null ? "0" : stripZeroes(maven.group(3));
        String micro = maven.group(5) == null ? "0" : stripZeroes(maven.group(5));
        String qualifier = maven.group(7);
        return stripZeroes(maven.group(1)) + "." + minor + "." + micro
                + (qualifier == null || qualifier.isEmpty() ? "" : "." + qualifier(qualifier));
    }

    private static String qualifier(String text) {
        return NOT_A_QUALIFIER_CHARACTER.matcher(text).replaceAll("_");
    }

    private static String stripZeroes(String number) {
        return number.replaceFirst("^0+(?=\\d)", "");
    }
}
