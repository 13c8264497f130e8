package io.certgate.http;

import io.certgate.config.IdentityHeaderNames;
import io.certgate.identity.Identity;
import io.certgate.validation.Verdict;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.PemBlock;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.Optional;

/**
 * The headers that tell a backend who the client is (SPEC §5), as certgate sets them. (Every copy
 * a client sent, under the default names and the configured ones, is removed from every request
 * before this runs: {@link io.certgate.http.request.RequestHygiene}.) Values certgate sets never
 * contain CR, LF or other controls: names are escaped as RFC 4514 allows.
 */
public final class IdentityHeaders {

    /** {@code X-Client-Cert-Verify} values. */
    static final String SUCCESS = "SUCCESS";
    static final String NONE = "NONE";

    private static final AsciiString HTTPS = AsciiString.cached("https");

    /** Configured names, pre-encoded; null where the header is off. */
    private final AsciiString forwardedFor;
    private final AsciiString forwardedProto;
    private final AsciiString forwardedHost;
    private final AsciiString remoteUser;
    private final AsciiString remoteGroups;
    private final AsciiString clientCertVerify;
    private final AsciiString clientCertSubject;
    private final AsciiString clientCertIssuer;
    private final AsciiString clientCertSerial;
    private final AsciiString clientCertFingerprint;
    private final AsciiString clientCert;

    public IdentityHeaders(IdentityHeaderNames names) {
        this.forwardedFor = ascii(names.forwardedFor());
        this.forwardedProto = ascii(names.forwardedProto());
        this.forwardedHost = ascii(names.forwardedHost());
        this.remoteUser = ascii(names.remoteUser());
        this.remoteGroups = ascii(names.remoteGroups());
        this.clientCertVerify = ascii(names.clientCertVerify());
        this.clientCertSubject = ascii(names.clientCertSubject());
        this.clientCertIssuer = ascii(names.clientCertIssuer());
        this.clientCertSerial = ascii(names.clientCertSerial());
        this.clientCertFingerprint = ascii(names.clientCertFingerprint());
        this.clientCert = ascii(names.clientCert());
    }

    private static AsciiString ascii(Optional<String> name) {
        return name.map(AsciiString::cached).orElse(null);
    }

    /**
     * The identity header values for one client, computed once per connection (a PEM to
     * URL-encode per request would cost more than the rest of the proxying): ASCII strings, so that
     * writing them is a copy. A null value is a header not sent.
     */
    public record Forwarded(AsciiString verify, AsciiString user, AsciiString groups, AsciiString subject,
                            AsciiString issuer, AsciiString serial, AsciiString fingerprint, AsciiString certificate) {
    }

    /**
     * What a backend is told of this client.
     *
     * @param verdict the verdict used for the decision; empty when the mode discarded the certificate
     */
    public Forwarded describe(Identity identity, Optional<Verdict> verdict) {
        AsciiString user = null;
        AsciiString groups = null;
        if (identity instanceof Identity.Account account) {
            user = new AsciiString(account.name());
            groups = new AsciiString(String.join(",", account.groups()));
        }
        String verify = verdict.map(v -> v.isValid() ? SUCCESS
                : v.presented() ? "FAILED:" + v.reason().label() : NONE)
                .orElse(NONE);
        Optional<CertificateFacts> certificate = verdict.filter(Verdict::isValid).flatMap(Verdict::client);
        if (certificate.isEmpty()) {
            return new Forwarded(new AsciiString(verify), user, groups, null, null, null, null, null);
        }
        CertificateFacts facts = certificate.get();
        return new Forwarded(new AsciiString(verify), user, groups,
                new AsciiString(headerSafeName(facts.subject().rfc4514())),
                new AsciiString(headerSafeName(facts.issuer().rfc4514())),
                new AsciiString(facts.serialHex()), new AsciiString(facts.fingerprint().hex()),
                new AsciiString(escapedPem(facts)));
    }

    /**
     * Sets the identity of a request about to go to a backend.
     *
     * @param clientHost the client's Host header (already checked against the site), or empty
     */
    public void set(HttpHeaders headers, String clientAddress, Optional<String> clientHost, Forwarded forwarded) {
        put(headers, forwardedFor, clientAddress);
        put(headers, forwardedProto, HTTPS);
        clientHost.filter(IdentityHeaders::isSafeHost).ifPresent(h -> put(headers, forwardedHost, h));
        put(headers, remoteUser, forwarded.user());
        put(headers, remoteGroups, forwarded.groups());
        put(headers, clientCertVerify, forwarded.verify());
        put(headers, clientCertSubject, forwarded.subject());
        put(headers, clientCertIssuer, forwarded.issuer());
        put(headers, clientCertSerial, forwarded.serial());
        put(headers, clientCertFingerprint, forwarded.fingerprint());
        put(headers, clientCert, forwarded.certificate());
    }

    /** Convenience for one-off use (tests, explain): describe and set in one go. */
    public void set(HttpHeaders headers, String clientAddress, Optional<String> clientHost, Identity identity,
                    Optional<Verdict> verdict) {
        set(headers, clientAddress, clientHost, describe(identity, verdict));
    }

    private static void put(HttpHeaders headers, AsciiString name, CharSequence value) {
        if (name != null && value != null) {
            headers.set(name, value);
        }
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

    /** Host name or IP literal characters only (no regex: this runs on every proxied request). */
    private static boolean isSafeHost(String host) {
        if (host.isEmpty() || host.length() > MAX_HOST_LENGTH) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A DNS name (253) with a port, or a bracketed IPv6 literal with a port. */
    private static final int MAX_HOST_LENGTH = 261;
}
