package io.fluxgate.cluster;

import java.util.Locale;

/**
 * The sub-protocols of Kafka Connect's group protocol, named as on the wire. A worker offers the one set in
 * {@code connect.protocol} and every older one; the coordinator picks the newest that all members offer.
 */
public enum GroupProtocol {
    /** Version 0: every rebalance stops all work and assigns it again (Kafka Connect before 2.3). */
    EAGER("default", (short) 0),
    /** Version 1: incremental cooperative rebalancing (KIP-415). */
    COMPATIBLE("compatible", (short) 1),
    /** Version 2: as version 1, and internal REST requests are signed with the session key (KIP-507). */
    SESSIONED("sessioned", (short) 2);

    private final String wireName;
    private final short version;

    GroupProtocol(String wireName, short version) {
        this.wireName = wireName;
        this.version = version;
    }

    /** The protocol name in JoinGroup requests. */
    public String wireName() {
        return wireName;
    }

    /** The version in the header of metadata and assignments. */
    public short version() {
        return version;
    }

    /** Whether work stays where it runs across rebalances. */
    public boolean incremental() {
        return this != EAGER;
    }

    /** The value of {@code connect.protocol}: eager, compatible or sessioned, in any case. */
    public static GroupProtocol fromSetting(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** The protocol the coordinator chose, by its wire name. */
    public static GroupProtocol fromWireName(String name) {
        for (GroupProtocol protocol : values()) {
            if (protocol.wireName.equalsIgnoreCase(name)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("Unknown Connect group protocol: " + name);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
