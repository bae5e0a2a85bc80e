package io.fluxgate.api.plugins;

/** No installed plugin answers to a class name or alias (in the requested version range). */
public class PluginNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PluginNotFoundException(String message) {
        super(message);
    }
}
