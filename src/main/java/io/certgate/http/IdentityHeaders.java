package io.certgate.http;

import io.certgate.config.IdentityFormatsConfig;
import io.certgate.config.IdentityHeaderFormat;
import io.certgate.config.IdentityHeaderNames;
import io.certgate.http.certheaders.CertificateEncodings;
import io.certgate.http.certheaders.Rfc9440;
import io.certgate.http.certheaders.UrlEncodedPem;
import io.certgate.http.certheaders.Xfcc;
import io.certgate.identity.Identity;
import io.certgate.validation.Verdict;
import io.certgate.x509.CertificateFacts;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The headers that tell a backend who the client is (SPEC §5), as certgate sets them. (Every copy
 * a client sent, under the default names and the configured ones, is removed from every request
 * before this runs: {@link io.certgate.http.request.RequestHygiene}.) Values certgate sets never
 * contain CR, LF or other controls: names are escaped as RFC 4514 allows.
 *
 * <p>Which headers describe the certificate is the location's {@code identityHeaders.formats}
 * ({@link IdentityFormatsConfig}): {@code certgate} is the {@code X-Client-Cert*} family,
 * {@code rfc9440} and {@code xfcc} the standard ones ({@link io.certgate.http.certheaders}).
 * {@code X-Forwarded-*} and {@code X-Remote-*} are sent whatever the formats: they are not about
 * the certificate's encoding but about the client and the account certgate mapped it to.
 */
public final class IdentityHeaders {

    /** {@code X-Client-Cert-Verify} values. */
    static final String SUCCESS = "SUCCESS";
    static final String NONE = "NONE";

    private static final AsciiString HTTPS = AsciiString.cached("https");
    private static final AsciiString CLIENT_CERT = AsciiString.cached(Rfc9440.CLIENT_CERT);
    private static final AsciiString CLIENT_CERT_CHAIN = AsciiString.cached(Rfc9440.CLIENT_CERT_CHAIN);
    private static final AsciiString XFCC = AsciiString.cached(Xfcc.HEADER);

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
    private final AsciiString clientCertChain;

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
        this.clientCertChain = ascii(names.clientCertChain());
    }

    private static AsciiString ascii(Optional<String> name) {
        return name.map(AsciiString::cached).orElse(null);
    }

    /**
     * The identity header values for one client, computed once per connection (a PEM to
     * URL-encode per request would cost more than the rest of the proxying): ASCII strings, so that
     * writing them is a copy. A null value is a header not sent.
     *
     * @param encoded the certificate in the other formats the site's locations send
     */
    public record Forwarded(AsciiString verify, AsciiString user, AsciiString groups, AsciiString subject,
                            AsciiString issuer, AsciiString serial, AsciiString fingerprint, AsciiString certificate,
                            Encoded encoded) {
    }

    /** {@link CertificateEncodings} as ASCII strings; a null value is a header not sent. */
    public record Encoded(AsciiString pemChain, AsciiString clientCert, AsciiString clientCertChain, AsciiString xfcc) {

        static final Encoded NONE = new Encoded(null, null, null, null);

        static Encoded of(CertificateEncodings values) {
            return new Encoded(ascii(values.pemChain()), ascii(values.clientCert()), ascii(values.clientCertChain()),
                    ascii(values.xfcc()));
        }

        private static AsciiString ascii(String value) {
            return value == null ? null : new AsciiString(value);
        }
    }

    /** What a backend is told of this client, in certgate's format only (tests, explain). */
    public Forwarded describe(Identity identity, Optional<Verdict> verdict) {
        return describe(identity, verdict, List.of(), IdentityFormatsConfig.DEFAULTS, List.of());
    }

    /**
     * What a backend is told of this client.
     *
     * @param verdict the verdict used for the decision; empty when the mode discarded the certificate
     * @param presented the chain the client sent, its own certificate first
     * @param needed every format some location of the connection's site sends
     * @param by the URI subjectAltNames of the site's own certificate (XFCC's {@code By})
     */
    public Forwarded describe(Identity identity, Optional<Verdict> verdict, List<X509Certificate> presented,
                              IdentityFormatsConfig needed, List<String> by) {
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
            return new Forwarded(new AsciiString(verify), user, groups, null, null, null, null, null, Encoded.NONE);
        }
        CertificateFacts facts = certificate.get();
        String subject = headerSafeName(facts.subject().rfc4514());
        return new Forwarded(new AsciiString(verify), user, groups, new AsciiString(subject),
                new AsciiString(headerSafeName(facts.issuer().rfc4514())),
                new AsciiString(facts.serialHex()), new AsciiString(facts.fingerprint().hex()),
                new AsciiString(escapedPem(facts)),
                Encoded.of(CertificateEncodings.of(needed, facts, subject, presented, by)));
    }

    /**
     * Sets the identity of a request about to go to a backend.
     *
     * @param clientHost the client's Host header (already checked against the site), or empty
     * @param formats the location's formats; {@code forwarded} was described for them (or more)
     */
    public void set(HttpHeaders headers, String clientAddress, Optional<String> clientHost, Forwarded forwarded,
                    IdentityFormatsConfig formats) {
        put(headers, forwardedFor, clientAddress);
        put(headers, forwardedProto, HTTPS);
        clientHost.filter(IdentityHeaders::isSafeHost).ifPresent(h -> put(headers, forwardedHost, h));
        put(headers, remoteUser, forwarded.user());
        put(headers, remoteGroups, forwarded.groups());
        if (formats.sends(IdentityHeaderFormat.CERTGATE)) {
            put(headers, clientCertVerify, forwarded.verify());
            put(headers, clientCertSubject, forwarded.subject());
            put(headers, clientCertIssuer, forwarded.issuer());
            put(headers, clientCertSerial, forwarded.serial());
            put(headers, clientCertFingerprint, forwarded.fingerprint());
            put(headers, clientCert, forwarded.certificate());
            if (formats.sendsCertgateChain()) {
                put(headers, clientCertChain, forwarded.encoded().pemChain());
            }
        }
        if (formats.sends(IdentityHeaderFormat.RFC9440)) {
            put(headers, CLIENT_CERT, forwarded.encoded().clientCert());
            put(headers, CLIENT_CERT_CHAIN, forwarded.encoded().clientCertChain());
        }
        if (formats.sends(IdentityHeaderFormat.XFCC)) {
            // set, never appended: the client's copy is gone already (SANITIZE_SET, not APPEND_FORWARD)
            put(headers, XFCC, forwarded.encoded().xfcc());
        }
    }

    /** Convenience for one-off use (tests, explain): describe and set in one go, certgate's format only. */
    public void set(HttpHeaders headers, String clientAddress, Optional<String> clientHost, Identity identity,
                    Optional<Verdict> verdict) {
        set(headers, clientAddress, clientHost, describe(identity, verdict), IdentityFormatsConfig.DEFAULTS);
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
            return UrlEncodedPem.of(facts.certificate().getEncoded());
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
