package io.certgate.proxyprotocol;

/** Why a connection on a {@code proxyProtocol} listener was closed before anything else was read. */
public enum Refusal {
    /** The socket's peer is in no {@code trustedFrom} block: closed at once, before TLS. */
    UNTRUSTED_SOURCE("untrusted-source"),
    /** No complete header within the handshake timeout (a slow or silent client): closed. */
    TIMEOUT("timeout"),
    /** The first bytes are neither {@code PROXY } nor the version 2 signature (a client that came straight here): closed. */
    NOT_PROXY_PROTOCOL("not-proxy-protocol"),
    /** A header of a version the listener's {@code versions} does not list: closed. */
    VERSION_NOT_ALLOWED("version-not-allowed"),
    /** A header that breaks the protocol's grammar (bad address, port, command, family, line end): closed. */
    MALFORMED("malformed"),
    /** A header longer than the limit (107 bytes for version 1, {@link ProxyHeaderParser#MAX_V2_LENGTH} for 2): closed. */
    TOO_LONG("too-long");

    private final String label;

    Refusal(String label) {
        this.label = label;
    }

    /** The reason as logs and the {@code reason} label of metrics spell it. */
    public String label() {
        return label;
    }
}
