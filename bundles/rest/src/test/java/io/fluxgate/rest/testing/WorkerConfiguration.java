package io.fluxgate.rest.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * The worker configuration as Declarative Services hands it to a component: the properties (strings, as the launcher
 * publishes them) and a component property type over them, whose methods map to keys as DS maps them
 * ({@code access_control_allow_origin()} reads {@code access.control.allow.origin}) and fall back to their defaults.
 */
public final class WorkerConfiguration {

    private final Map<String, Object> properties;

    private WorkerConfiguration(Map<String, String> properties) {
        this.properties = new HashMap<>(properties);
        this.properties.put("service.pid", "io.fluxgate.worker");
        this.properties.put("component.name", "io.fluxgate.rest.RestServerComponent");
    }

    public static WorkerConfiguration of(Map<String, String> properties) {
        return new WorkerConfiguration(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /** {@code type}'s view of the properties. */
    public <A> A as(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName() + properties;
                    case "hashCode" -> properties.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> value(method);
                }));
    }

    private Object value(Method method) {
        Object raw = properties.get(method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_'));
        if (raw == null) {
            return method.getDefaultValue();
        }
        String text = raw.toString();
        Class<?> type = method.getReturnType();
        if (type == String[].class) {
            return new String[] {text};
        }
        if (type == long.class) {
            return Long.parseLong(text);
        }
        if (type == int.class) {
            return Integer.parseInt(text);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }
}
