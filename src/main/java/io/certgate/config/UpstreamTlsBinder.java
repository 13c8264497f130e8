package io.certgate.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds {@code proxy.tls} of an {@code https://} backend: {@code trustedRoots} (required),
 * {@code serverName} (default: the URL's host), and {@code certificate} with {@code key}
 * (together or not at all). Files must exist and be readable; their contents are read when
 * the runtime is built, where a bad PEM is reported at the same key.
 */
final class UpstreamTlsBinder {

    /**
     * A DNS name (RFC 1123 labels, at most 253 characters), an IPv4 address, or an IPv6 address:
     * what SNI and RFC 6125 name checks are about. No wildcard: certgate names one backend.
     */
    private static final Pattern SERVER_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
                    + "|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private UpstreamTlsBinder() {
    }

    /** The settings, or empty (with the errors reported) when they cannot be used. */
    static Optional<UpstreamTlsConfig> tls(Section s, String urlHost) {
        List<FileRef> roots = s.files("trustedRoots");
        Optional<String> name = s.string("serverName");
        Optional<FileRef> certificate = s.file("certificate");
        Optional<FileRef> key = s.file("key");
        s.finish();
        boolean ok = true;
        if (roots.isEmpty()) {
            s.error("trustedRoots", "required for an https backend: the PEM file(s) of the CA that issued the"
                    + " backend's certificate (its chain is verified, never skipped)");
            ok = false;
        }
        roots.forEach(ref -> s.requireReadable(ref, true));
        String serverName = name.map(String::trim).orElse(urlHost);
        if (!SERVER_NAME.matcher(serverName).matches()) {
            s.error(name.isPresent() ? "serverName" : "trustedRoots",
                    "expected a host name or IP address for SNI and the certificate check, got \"" + serverName + "\"");
            ok = false;
        }
        if (certificate.isPresent() != key.isPresent()) {
            s.error(certificate.isPresent() ? "certificate" : "key", certificate.isPresent()
                    ? "a client certificate needs its key: add key (the PEM private key of certificate)"
                    : "a key needs its certificate: add certificate (the PEM chain certgate presents to the backend)");
            ok = false;
        }
        certificate.ifPresent(ref -> s.requireReadable(ref, false));
        key.ifPresent(ref -> s.requireReadable(ref, false));
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new UpstreamTlsConfig(roots, serverName.endsWith(".")
                ? serverName.substring(0, serverName.length() - 1) : serverName, certificate, key, s.origin()));
    }
}
