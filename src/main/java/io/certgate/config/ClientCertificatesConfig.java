package io.certgate.config;

import java.util.List;

/**
 * A site's client-certificate policy: the default mode, whom it trusts and how it checks.
 *
 * @param maxChainLength the most certificates a validated path may hold, client and root included
 */
public record ClientCertificatesConfig(
        ClientCertMode mode,
        List<FileRef> trustedRoots,
        List<FileRef> intermediates,
        AdvertiseConfig advertise,
        int maxChainLength,
        RevocationConfig revocation,
        Origin origin) {

    public ClientCertificatesConfig {
        trustedRoots = List.copyOf(trustedRoots);
        intermediates = List.copyOf(intermediates);
    }
}
