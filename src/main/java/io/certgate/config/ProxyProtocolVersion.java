package io.certgate.config;

/** A version of the PROXY protocol (HAProxy's proxy-protocol.txt), written 1 or 2 in YAML. */
public enum ProxyProtocolVersion {
    /** The text form: one line such as {@code PROXY TCP4 192.0.2.1 198.51.100.1 56324 443\r\n}, at most 107 bytes. */
    V1,
    /** The binary form: a 12-byte signature, a command, an address family and a length-prefixed address block. */
    V2;

    /** The number the configuration and the protocol use for it. */
    public int number() {
        return this == V1 ? 1 : 2;
    }
}
