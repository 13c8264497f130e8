package io.certgate.config;

import java.util.List;

/**
 * A site's client-certificate policy: the default mode, whom it trusts and how it checks.
 *
 * @param maxChainLength the most certificates a validated path may hold, client and root included
 * @param policies the certificate policies every client certificate of the site must satisfy
 */
public record ClientCertificatesConfig(
        ClientCertMode mode,
        List<FileRef> trustedRoots,
        List<FileRef> intermediates,
        AdvertiseConfig advertise,
        int maxChainLength,
        RevocationConfig revocation,
        CertificatePoliciesConfig policies,
        Origin origin) {

    /** maxChainLength when the config does not say: client, two intermediates, root and one to spare. */
    public static final int DEFAULT_MAX_CHAIN_LENGTH = 5;

    public ClientCertificatesConfig {
        trustedRoots = List.copyOf(trustedRoots);
        intermediates = List.copyOf(intermediates);
    }
}
