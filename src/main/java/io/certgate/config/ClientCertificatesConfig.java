package io.certgate.config;

import java.util.List;

/**
 * A site's client-certificate policy: the default mode, whom it trusts and how it checks.
 *
 * @param maxChainLength the most certificates a validated path may hold, client and root included
 * @param policies the certificate policies every client certificate of the site must satisfy
 * @param maxChainBytes the most bytes the certificates a client sends may add up to (DER); more is 403.16
 */
public record ClientCertificatesConfig(
        ClientCertMode mode,
        List<FileRef> trustedRoots,
        List<FileRef> intermediates,
        AdvertiseConfig advertise,
        int maxChainLength,
        RevocationConfig revocation,
        CertificatePoliciesConfig policies,
        Origin origin,
        int maxChainBytes) {

    /** maxChainLength when the config does not say: client, two intermediates, root and one to spare. */
    public static final int DEFAULT_MAX_CHAIN_LENGTH = 5;

    /**
     * maxChainBytes when the config does not say: 100 KB, the limit OpenSSL (and so nginx) puts on
     * the client's whole Certificate message by default (SSL_MAX_CERT_LIST_DEFAULT, 1024 * 100), so
     * that a chain nginx takes is taken here too. Real chains are 1 to 10 KB.
     */
    public static final int DEFAULT_MAX_CHAIN_BYTES = 100 * 1024;

    /**
     * The largest maxChainBytes a config may set, and what the TLS layer reads at most (a little
     * more, for the Certificate message's own framing): a chain up to this size gets a 403.16
     * with a reason, a larger one has its handshake closed. TLS allows 2^24 - 1 bytes (RFC 8446
     * §4.4.2), but every handshake in progress holds its Certificate message in memory, so the
     * bound is what a few thousand concurrent handshakes can hold: 256 KB each.
     */
    public static final int MAX_CHAIN_BYTES_LIMIT = 256 * 1024;

    /** The smallest maxChainBytes a config may set: one small certificate. */
    public static final int MIN_CHAIN_BYTES = 1024;

    /** A policy with the default maxChainBytes. */
    public ClientCertificatesConfig(ClientCertMode mode, List<FileRef> trustedRoots, List<FileRef> intermediates,
                                    AdvertiseConfig advertise, int maxChainLength, RevocationConfig revocation,
                                    CertificatePoliciesConfig policies, Origin origin) {
        this(mode, trustedRoots, intermediates, advertise, maxChainLength, revocation, policies, origin,
                DEFAULT_MAX_CHAIN_BYTES);
    }

    public ClientCertificatesConfig {
        trustedRoots = List.copyOf(trustedRoots);
        intermediates = List.copyOf(intermediates);
    }
}
