package io.fluxgate.rest.server;

import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's TLS setup of https listeners from Kafka's {@code ssl.*} settings, as Kafka Connect's {@code SSLUtils} does
 * it: key store, trust store, protocols, cipher suites, algorithms and client authentication ({@code ssl.client.auth}:
 * none, requested, required). Endpoint identification is a client-side check: Kafka Connect does not apply it to its
 * server, nor does this. Passwords are handed to Jetty and never written anywhere else. The same settings make the
 * client side of requests forwarded to other workers.
 */
public final class SslContextFactories {

    /** Kafka's {@code BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG}. */
    static final String SSL_CLIENT_AUTH = "ssl.client.auth";

    private SslContextFactories() {
    }

    /**
     * The TLS context of a client calling another worker, from the same settings as the https listeners (Kafka
     * Connect's {@code SSLUtils.createClientSideSslContextFactory}).
     *
     * @throws IllegalStateException when the key or trust store cannot be loaded
     */
    public static SSLContext clientContext(Map<String, Object> values) {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        keyStore(ssl, values);
        trustStore(ssl, values);
        algorithms(ssl, values);
        try {
            ssl.start();
            return ssl.getSslContext();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set up TLS to reach other workers: " + e.getMessage(), e);
        }
    }

    static SslContextFactory.Server server(Map<String, Object> values) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        keyStore(ssl, values);
        trustStore(ssl, values);
        algorithms(ssl, values);
        clientAuthentication(ssl, values);
        return ssl;
    }

    private static void keyStore(SslContextFactory ssl, Map<String, Object> values) {
        ssl.setKeyStoreType(string(values, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, SslConfigs.DEFAULT_SSL_KEYSTORE_TYPE));
        String location = string(values, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, null);
        if (location != null) {
            ssl.setKeyStorePath(location);
        }
        Password password = (Password) values.get(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
        if (password != null) {
            ssl.setKeyStorePassword(password.value());
        }
        Password keyPassword = (Password) values.get(SslConfigs.SSL_KEY_PASSWORD_CONFIG);
        if (keyPassword != null) {
            ssl.setKeyManagerPassword(keyPassword.value());
        }
    }

    private static void trustStore(SslContextFactory ssl, Map<String, Object> values) {
        ssl.setTrustStoreType(string(values, SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
                SslConfigs.DEFAULT_SSL_TRUSTSTORE_TYPE));
        String location = string(values, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, null);
        if (location != null) {
            ssl.setTrustStorePath(location);
        }
        Password password = (Password) values.get(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        if (password != null) {
            ssl.setTrustStorePassword(password.value());
        }
    }

    private static void algorithms(SslContextFactory ssl, Map<String, Object> values) {
        List<String> protocols = list(values, SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG,
                List.of(SslConfigs.DEFAULT_SSL_ENABLED_PROTOCOLS.split("\\s*,\\s*")));
        ssl.setIncludeProtocols(protocols.toArray(new String[0]));
        String provider = string(values, SslConfigs.SSL_PROVIDER_CONFIG, null);
        if (provider != null) {
            ssl.setProvider(provider);
        }
        ssl.setProtocol(string(values, SslConfigs.SSL_PROTOCOL_CONFIG, SslConfigs.DEFAULT_SSL_PROTOCOL));
        List<String> cipherSuites = list(values, SslConfigs.SSL_CIPHER_SUITES_CONFIG, null);
        if (cipherSuites != null && !cipherSuites.isEmpty()) {
            ssl.setIncludeCipherSuites(cipherSuites.toArray(new String[0]));
        }
        ssl.setKeyManagerFactoryAlgorithm(string(values, SslConfigs.SSL_KEYMANAGER_ALGORITHM_CONFIG,
                SslConfigs.DEFAULT_SSL_KEYMANGER_ALGORITHM));
        String secureRandom = string(values, SslConfigs.SSL_SECURE_RANDOM_IMPLEMENTATION_CONFIG, null);
        if (secureRandom != null) {
            ssl.setSecureRandomAlgorithm(secureRandom);
        }
        ssl.setTrustManagerFactoryAlgorithm(string(values, SslConfigs.SSL_TRUSTMANAGER_ALGORITHM_CONFIG,
                SslConfigs.DEFAULT_SSL_TRUSTMANAGER_ALGORITHM));
    }

    private static void clientAuthentication(SslContextFactory.Server ssl, Map<String, Object> values) {
        switch (string(values, SSL_CLIENT_AUTH, "none")) {
            case "requested" -> ssl.setWantClientAuth(true);
            case "required" -> ssl.setNeedClientAuth(true);
            default -> {
                ssl.setNeedClientAuth(false);
                ssl.setWantClientAuth(false);
            }
        }
    }

    private static String string(Map<String, Object> values, String key, String otherwise) {
        Object value = values.get(key);
        return value == null ? otherwise : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> values, String key, List<String> otherwise) {
        Object value = values.get(key);
        return value == null ? otherwise : (List<String>) value;
    }
}
