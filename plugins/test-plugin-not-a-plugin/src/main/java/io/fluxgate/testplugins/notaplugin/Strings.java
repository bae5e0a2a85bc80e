package io.fluxgate.testplugins.notaplugin;

/** A library class: nothing here is a Kafka Connect plugin. */
public final class Strings {

    private Strings() {
    }

    public static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
    }
}
