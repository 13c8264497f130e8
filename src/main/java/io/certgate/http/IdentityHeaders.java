package io.certgate.http;

import io.certgate.config.IdentityHeaderNames;
import io.certgate.identity.Identity;
import io.certgate.validation.Verdict;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.PemBlock;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The headers that tell a backend who the client is (SPEC §5). Every copy a client sent is
 * removed from every request, whatever the location (under the default names and the configured
 * ones, so that a backend still trusting a default name cannot be fooled after a rename). Values
 * certgate sets never contain CR, LF or other controls: names are escaped as RFC 4514 allows.
 */
public final class IdentityHeaders {

    /** {@code X-Client-Cert-Verify} values. */
    static final String SUCCESS = "SUCCESS";
    static final String NONE = "NONE";

    private final IdentityHeaderNames names;
    private final Set<String> stripped;

    public IdentityHeaders(IdentityHeaderNames names) {
        this.names = names;
        Set<String> all = new LinkedHashSet<>();
        IdentityHeaderNames.DEFAULTS.configured().forEach(n -> all.add(n.toLowerCase(Locale.ROOT)));
        names.configured().forEach(n -> all.add(n.toLowerCase(Locale.ROOT)));
        // Forwarded (RFC 7239) carries the same claims; a client may not make them either.
        all.add("forwarded");
        this.stripped = Set.copyOf(all);
    }

    /** Removes every identity header the client sent. */
    public void stripClientCopies(HttpHeaders headers) {
        for (String name : stripped) {
            headers.remove(name);
        }
    }

    /**
     * Sets the identity of a request about to go to a backend.
     *
     * @param verdict the verdict used for the decision; empty when the mode discarded the certificate
     * @param clientHost the client's Host header (already checked against the site), or empty
     */
    public void set(HttpHeaders headers, String clientAddress, Optional<String> clientHost, Identity identity,
                    Optional<Verdict> verdict) {
        names.forwardedFor().ifPresent(n -> headers.set(n, clientAddress));
        names.forwardedProto().ifPresent(n -> headers.set(n, "https"));
        clientHost.filter(IdentityHeaders::isSafeHost).ifPresent(h -> names.forwardedHost().ifPresent(n -> headers.set(n, h)));
        if (identity instanceof Identity.Account account) {
            names.remoteUser().ifPresent(n -> headers.set(n, account.name()));
            names.remoteGroups().ifPresent(n -> headers.set(n, String.join(",", account.groups())));
        }
        Optional<CertificateFacts> certificate = verdict.flatMap(Verdict::client);
        String verify = verdict.map(v -> v.isValid() ? SUCCESS
                : v.presented() ? "FAILED:" + v.reason().name().toLowerCase(Locale.ROOT).replace('_', '-') : NONE)
                .orElse(NONE);
        names.clientCertVerify().ifPresent(n -> headers.set(n, verify));
        if (certificate.isEmpty() || !verdict.get().isValid()) {
            return;
        }
        CertificateFacts facts = certificate.get();
        names.clientCertSubject().ifPresent(n -> headers.set(n, headerSafeName(facts.subject().rfc4514())));
        names.clientCertIssuer().ifPresent(n -> headers.set(n, headerSafeName(facts.issuer().rfc4514())));
        names.clientCertSerial().ifPresent(n -> headers.set(n, facts.serialHex()));
        names.clientCertFingerprint().ifPresent(n -> headers.set(n, facts.fingerprint().hex()));
        names.clientCert().ifPresent(n -> headers.set(n, escapedPem(facts)));
    }

    /**
     * An RFC 4514 name with every non-printable-ASCII character written as RFC 4514 hex pairs of
     * its UTF-8 bytes ({@code \c3\a9} for é): valid RFC 4514, and never a CR or LF in a header.
     */
    static String headerSafeName(String rfc4514) {
        StringBuilder out = new StringBuilder(rfc4514.length());
        for (int i = 0; i < rfc4514.length(); i++) {
            char c = rfc4514.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                int codePoint = Character.isHighSurrogate(c) && i + 1 < rfc4514.length()
                        ? Character.toCodePoint(c, rfc4514.charAt(++i)) : c;
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('\\').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                }
            }
        }
        return out.toString();
    }

    /** The leaf certificate as URL-encoded PEM, as nginx's {@code $ssl_client_escaped_cert}. */
    private static String escapedPem(CertificateFacts facts) {
        try {
            String pem = PemBlock.toPem("CERTIFICATE", facts.certificate().getEncoded());
            return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
        } catch (CertificateEncodingException e) {
            return "";
        }
    }

    private static boolean isSafeHost(String host) {
        return host.matches("[A-Za-z0-9.:\\[\\]-]{1,261}");
    }
}
