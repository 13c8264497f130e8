package io.certgate.config;

import java.util.List;
import java.util.Optional;

/**
 * The names of the headers that carry the client's identity to backends (SPEC §5). Each can be
 * renamed, or turned off with {@code off}. Whatever the names, a client's copies of the default
 * names and of the configured names are always removed, and so are the headers named in
 * {@code strip} (added to certgate's built-in list of trust-bearing headers).
 * {@code clientCertChain} names {@code X-Client-Cert-Chain}, sent only where
 * {@link IdentityFormatsConfig#sendsCertgateChain()}.
 */
public record IdentityHeaderNames(
        Optional<String> forwardedFor,
        Optional<String> forwardedProto,
        Optional<String> forwardedHost,
        Optional<String> remoteUser,
        Optional<String> remoteGroups,
        Optional<String> clientCertVerify,
        Optional<String> clientCertSubject,
        Optional<String> clientCertIssuer,
        Optional<String> clientCertSerial,
        Optional<String> clientCertFingerprint,
        Optional<String> clientCert,
        Optional<String> clientCertChain,
        List<String> strip) {

    public IdentityHeaderNames {
        strip = List.copyOf(strip);
    }

    public static final IdentityHeaderNames DEFAULTS = new IdentityHeaderNames(
            Optional.of("X-Forwarded-For"), Optional.of("X-Forwarded-Proto"), Optional.of("X-Forwarded-Host"),
            Optional.of("X-Remote-User"), Optional.of("X-Remote-Groups"), Optional.of("X-Client-Cert-Verify"),
            Optional.of("X-Client-Cert-Subject"), Optional.of("X-Client-Cert-Issuer"),
            Optional.of("X-Client-Cert-Serial"), Optional.of("X-Client-Cert-Fingerprint"), Optional.of("X-Client-Cert"),
            Optional.of("X-Client-Cert-Chain"), List.of());

    /** The configuration keys, in record order. */
    static final List<String> KEYS = List.of("forwardedFor", "forwardedProto", "forwardedHost", "remoteUser",
            "remoteGroups", "clientCertVerify", "clientCertSubject", "clientCertIssuer", "clientCertSerial",
            "clientCertFingerprint", "clientCert", "clientCertChain");

    /** Every configured name, in record order. */
    public List<String> configured() {
        return List.of(forwardedFor, forwardedProto, forwardedHost, remoteUser, remoteGroups, clientCertVerify,
                clientCertSubject, clientCertIssuer, clientCertSerial, clientCertFingerprint, clientCert,
                clientCertChain).stream().flatMap(Optional::stream).toList();
    }
}
