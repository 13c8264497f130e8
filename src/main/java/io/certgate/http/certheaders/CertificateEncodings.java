package io.certgate.http.certheaders;

import io.certgate.config.IdentityFormatsConfig;
import io.certgate.config.IdentityHeaderFormat;
import io.certgate.x509.CertificateFacts;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The header values that describe one client certificate in the formats other than certgate's
 * basic ones, computed once per connection for every format some location of its site sends
 * (base64 and URL-encoding a chain per request would cost more than the rest of the proxying).
 * A null value is a header not sent.
 *
 * @param pemChain {@code X-Client-Cert-Chain}: the chain the client sent, its own certificate first
 * @param clientCert RFC 9440 {@code Client-Cert}
 * @param clientCertChain RFC 9440 {@code Client-Cert-Chain}: the rest of the chain (null when the
 *                        client sent only its own certificate)
 * @param xfcc {@code X-Forwarded-Client-Cert}
 */
public record CertificateEncodings(String pemChain, String clientCert, String clientCertChain, String xfcc) {

    /** Nothing to send: no valid certificate, or no location asks for these formats. */
    public static final CertificateEncodings NONE = new CertificateEncodings(null, null, null, null);

    /**
     * @param needed what the site's locations send, together
     * @param client the valid client certificate
     * @param subject its subject as the headers show it (RFC 4514, header-safe)
     * @param presented the chain as the client sent it in the handshake, its own certificate first
     * @param by the URI subjectAltNames of the site's own server certificate, for XFCC's {@code By}
     */
    public static CertificateEncodings of(IdentityFormatsConfig needed, CertificateFacts client, String subject,
                                          List<X509Certificate> presented, List<String> by) {
        boolean rfc9440 = needed.sends(IdentityHeaderFormat.RFC9440);
        boolean xfcc = needed.sends(IdentityHeaderFormat.XFCC);
        if (!rfc9440 && !xfcc && !needed.sendsCertgateChain()) {
            return NONE;
        }
        List<byte[]> chain;
        try {
            chain = sent(client.certificate(), presented);
        } catch (CertificateEncodingException e) {
            return NONE; // a decoded certificate re-encodes; should one not, nothing half-made is sent
        }
        return new CertificateEncodings(
                needed.sendsCertgateChain() ? UrlEncodedPem.of(chain) : null,
                rfc9440 ? Rfc9440.clientCert(chain.get(0)) : null,
                rfc9440 ? Rfc9440.clientCertChain(chain).orElse(null) : null,
                xfcc ? Xfcc.element(by, client.fingerprint().hex(), subject, client.subjectAltNames().uris(),
                        client.subjectAltNames().dnsNames(), chain) : null);
    }

    /**
     * The DER of the chain the client sent. The verdict's certificate is the first of it; should the
     * handshake's record not start with it, only the certificate judged is described.
     */
    private static List<byte[]> sent(X509Certificate judged, List<X509Certificate> presented)
            throws CertificateEncodingException {
        List<X509Certificate> chain = !presented.isEmpty() && presented.get(0).equals(judged) ? presented : List.of(judged);
        List<byte[]> ders = new ArrayList<>(chain.size());
        for (X509Certificate certificate : chain) {
            ders.add(certificate.getEncoded());
        }
        return ders;
    }
}
