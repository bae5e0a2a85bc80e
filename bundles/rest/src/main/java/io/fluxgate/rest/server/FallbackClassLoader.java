package io.fluxgate.rest.server;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * Looks in {@code primary} first, then in {@code fallback}: the context class loader of requests, so that Jersey
 * finds its own parts in this bundle first while code called during a request that loads classes by name through the
 * context class loader (a JAAS login module of a REST extension on the launcher's class path) finds them too.
 */
public final class FallbackClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader fallback;

    public FallbackClassLoader(ClassLoader primary, ClassLoader fallback) {
        super("fluxgate-rest-requests", primary);
        this.fallback = fallback;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        return fallback.loadClass(name);
    }

    @Override
    protected URL findResource(String name) {
        return fallback.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return fallback.getResources(name);
    }
}
