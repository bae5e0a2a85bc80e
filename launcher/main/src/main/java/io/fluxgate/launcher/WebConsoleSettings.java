package io.fluxgate.launcher;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.Utils;

import io.fluxgate.boot.config.RestListener;
import io.fluxgate.boot.config.WorkerConfigKeys;

/**
 * The Felix Web Console as the worker properties ask for it: on only when {@code console.password} is set (there is
 * no default password), on {@code console.listener}, with its password resolved through the worker's
 * {@code config.providers} when it is a reference such as {@code ${file:/path:key}} or {@code ${env:VAR}}.
 *
 * <p>The console's bundles (Felix HTTP Jetty, the Web Console and Fluxgate's page) are installed only when it is on;
 * the framework properties below make sure that no Felix HTTP bundle listens otherwise (Felix HTTP's own default is
 * port 8080 on every interface), and that the Web Console accepts no login before Fluxgate's own security provider,
 * which checks this password, is there (so its built-in admin/admin never works).
 */
record WebConsoleSettings(boolean enabled, RestListener listener, String username, String password) {

    /** The id of the console bundle's security provider, which the Web Console is told to wait for. */
    static final String SECURITY_PROVIDER_ID = "fluxgate";
    static final String DISABLED_MESSAGE =
            "The Web Console is disabled: set console.password in the worker properties to enable it.";

    /** Reads the settings from the validated worker properties ({@code parsed}) and the raw ones ({@code props}). */
    static WebConsoleSettings from(Map<String, String> props, Map<String, Object> parsed) throws LaunchException {
        RestListener listener = RestListener.parse((String) parsed.get(WorkerConfigKeys.CONSOLE_LISTENER))
                .orElseThrow();
        String username = (String) parsed.get(WorkerConfigKeys.CONSOLE_USERNAME);
        Password password = (Password) parsed.get(WorkerConfigKeys.CONSOLE_PASSWORD);
        if (password == null || password.value().isBlank()) {
            return new WebConsoleSettings(false, listener, username, null);
        }
        String resolved = resolve(WorkerConfigKeys.CONSOLE_PASSWORD, password.value(), props);
        if (resolved.isEmpty()) {
            throw new LaunchException(WorkerConfigKeys.CONSOLE_PASSWORD + " resolves to an empty password");
        }
        return new WebConsoleSettings(true, listener, username, resolved);
    }

    /**
     * The framework properties for the console: its listener when it is on; Felix HTTP switched off when it is not,
     * in case a Felix HTTP bundle is installed some other way.
     */
    Map<String, String> frameworkProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("org.apache.felix.https.enable", "false");
        if (!enabled) {
            props.put("org.apache.felix.http.enable", "false");
            return props;
        }
        props.put("org.apache.felix.http.enable", "true");
        props.put("org.osgi.service.http.port", String.valueOf(listener.port()));
        if (!listener.anyHost()) {
            props.put("org.apache.felix.http.host", listener.host());
        }
        props.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        props.put("felix.webconsole.security.providers", SECURITY_PROVIDER_ID);
        return props;
    }

    /** Where an operator opens the console. */
    String url() {
        String host = listener.anyHost() ? "127.0.0.1" : listener.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + listener.port() + "/system/console";
    }

    /**
     * {@code value} with its config-provider references resolved by the providers {@code config.providers} names;
     * they are created from the launcher's class path (lib/: Kafka's file, directory and environment providers).
     */
    static String resolve(String key, String value, Map<String, String> props) throws LaunchException {
        Matcher references = ConfigTransformer.DEFAULT_PATTERN.matcher(value);
        if (!references.find()) {
            return value;
        }
        Map<String, ConfigProvider> providers = new HashMap<>();
        try {
            references.reset();
            while (references.find()) {
                String name = references.group(1);
                if (!providers.containsKey(name)) {
                    providers.put(name, provider(key, name, props));
                }
            }
            String resolved = new ConfigTransformer(providers).transform(Map.of(key, value)).data().get(key);
            if (resolved == null || ConfigTransformer.DEFAULT_PATTERN.matcher(resolved).find()) {
                throw new LaunchException(key + " refers to a value its config provider does not have");
            }
            return resolved;
        } catch (RuntimeException e) {
            throw new LaunchException(key + " cannot be resolved: " + e.getMessage(), e);
        } finally {
            providers.forEach((name, provider) -> Utils.closeQuietly(provider, "config provider " + name));
        }
    }

    private static ConfigProvider provider(String key, String name, Map<String, String> props)
            throws LaunchException {
        String prefix = WorkerConfigKeys.CONFIG_PROVIDERS + "." + name + ".";
        boolean listed = java.util.Arrays.stream(props.getOrDefault(WorkerConfigKeys.CONFIG_PROVIDERS, "")
                .split(",")).map(String::trim).anyMatch(name::equals);
        String className = props.get(prefix + "class");
        if (!listed || className == null || className.isBlank()) {
            throw new LaunchException(key + " refers to the config provider '" + name + "', which "
                    + WorkerConfigKeys.CONFIG_PROVIDERS + " does not define (" + prefix + "class)");
        }
        try {
            ConfigProvider provider = (ConfigProvider) Class.forName(className.trim(), true,
                    WebConsoleSettings.class.getClassLoader()).getDeclaredConstructor().newInstance();
            provider.configure(Utils.entriesWithPrefix(props, prefix + "param."));
            return provider;
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new LaunchException(key + " refers to the config provider '" + name + "', whose class "
                    + className.trim() + " is not a config provider on the launcher's class path (lib/)", e);
        }
    }

    @Override
    public String toString() {
        // Never the password.
        return "WebConsoleSettings[enabled=" + enabled + ", listener=" + listener + ", username=" + username + "]";
    }
}
