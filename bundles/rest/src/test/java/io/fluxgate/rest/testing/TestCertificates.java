package io.fluxgate.rest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A server and a client certificate made with the JDK's keytool, each in a PKCS12 key store, and trust stores that
 * trust the other side: what a user prepares for {@code listeners=https://...} with client authentication.
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit-test";

    public final Path serverKeyStore;
    public final Path serverTrustStore;
    public final Path clientKeyStore;
    public final Path clientTrustStore;

    private TestCertificates(Path dir) {
        serverKeyStore = dir.resolve("server.p12");
        serverTrustStore = dir.resolve("server-truststore.p12");
        clientKeyStore = dir.resolve("client.p12");
        clientTrustStore = dir.resolve("client-truststore.p12");
    }

    /** Generates both certificates into {@code dir}. */
    public static TestCertificates generate(Path dir) throws IOException {
        TestCertificates certs = new TestCertificates(dir);
        keyPair(certs.serverKeyStore, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        keyPair(certs.clientKeyStore, "client", "CN=fluxgate-test-client", null);
        trust(certs.serverKeyStore, "server", certs.clientTrustStore, dir.resolve("server.crt"));
        trust(certs.clientKeyStore, "client", certs.serverTrustStore, dir.resolve("client.crt"));
        return certs;
    }

    /** A TLS context trusting the server, presenting the client certificate when {@code withClientCertificate}. */
    public SSLContext clientContext(boolean withClientCertificate) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(clientTrustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        if (withClientCertificate) {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(clientKeyStore), PASSWORD.toCharArray());
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        } else {
            context.init(null, trust.getTrustManagers(), null);
        }
        return context;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keyPair(Path store, String alias, String dname, String extension) throws IOException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize",
                "2048", "-validity", "2", "-dname", dname, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            args.addAll(List.of("-ext", extension));
        }
        keytool(args);
    }

    private static void trust(Path keyStore, String alias, Path trustStore, Path certificate) throws IOException {
        keytool(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(), "-storepass",
                PASSWORD, "-file", certificate.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", trustStore.toString(), "-storepass", PASSWORD));
    }

    private static void keytool(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args.get(0) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
