package io.fluxgate.rest.extensions;

/**
 * Where REST extension classes come from. As Kafka Connect's come from its class path (Kafka's own basic-auth extension
 * sits in its libs/), Fluxgate's come from the launcher's class path (lib/).
 */
@FunctionalInterface
public interface ExtensionClasses {

    Class<?> load(String className) throws ClassNotFoundException;

    /** Classes loaded by {@code loader}. */
    static ExtensionClasses of(ClassLoader loader) {
        return name -> Class.forName(name, false, loader);
    }
}
