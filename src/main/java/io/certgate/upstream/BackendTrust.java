package io.certgate.upstream;

import io.certgate.upstream.UpstreamTlsFailure.Kind;
import io.certgate.x509.DistinguishedName;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether certgate trusts a backend's certificate, in this order (the first failure is
 * the reason given): the chain leads to one of the configured roots (RFC 5280 §6.1 by the JDK's
 * PKIX validator; no revocation checking, as nginx's proxy_ssl_verify has none either); the
 * leaf may serve TLS servers (extendedKeyUsage serverAuth or anyExtendedKeyUsage when present,
 * RFC 5280 §4.2.1.12); and its subjectAltName names the configured server name (RFC 6125,
 * {@link ServerNameCheck}). A refusal is a {@link BackendCertificateException} with the reason.
 *
 * <p>Our own check rather than the JDK's {@code HTTPS} endpoint identification, which falls back
 * to the subject CN when a certificate has no DNS name.
 */
final class BackendTrust extends X509ExtendedTrustManager {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final List<X509Certificate> roots;
    private final Set<TrustAnchor> anchors = new HashSet<>();
    private final String serverName;
    private final Clock clock;

    BackendTrust(List<X509Certificate> roots, String serverName, Clock clock) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no trusted roots for " + serverName);
        }
        this.roots = List.copyOf(roots);
        this.serverName = serverName;
        this.clock = clock;
        roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
    }

    /** Refuses the chain (leaf first, as the backend sent it) with the reason, or returns. */
    void check(X509Certificate[] chain) throws BackendCertificateException {
        if (chain == null || chain.length == 0) {
            throw refused(Kind.INVALID_CHAIN, "the backend sent no certificate");
        }
        X509Certificate leaf = chain[0];
        String subject = DistinguishedName.of(leaf.getSubjectX500Principal()).rfc4514();
        validatePath(chain, subject);
        if (!forServers(leaf)) {
            throw refused(Kind.NOT_FOR_SERVERS, "the certificate of " + subject + " has an extendedKeyUsage without"
                    + " serverAuth");
        }
        if (!ServerNameCheck.matches(leaf, serverName)) {
            throw refused(Kind.NAME_MISMATCH, "the certificate of " + subject + " does not name " + serverName
                    + " in its subjectAltName (names: " + names(leaf) + ")");
        }
    }

    private void validatePath(X509Certificate[] chain, String subject) throws BackendCertificateException {
        // A root the backend sends along is the anchor, not part of the path (RFC 5280 §6.1).
        List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
        while (path.size() > 1 && roots.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        if (path.size() == 1 && roots.contains(path.get(0))) {
            return; // the backend's own certificate is a configured root: trusted as such
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            String which = e.getIndex() >= 0 && e.getIndex() < path.size()
                    ? DistinguishedName.of(path.get(e.getIndex()).getSubjectX500Principal()).rfc4514() : subject;
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                throw refused(Kind.EXPIRED, "the certificate of " + which + " expired at "
                        + path.get(Math.max(0, e.getIndex())).getNotAfter().toInstant());
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                throw refused(Kind.NOT_YET_VALID, "the certificate of " + which + " is valid from "
                        + path.get(Math.max(0, e.getIndex())).getNotBefore().toInstant());
            }
            if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
                throw refused(Kind.UNKNOWN_CA, "the chain of " + subject + " (issued by "
                        + DistinguishedName.of(path.get(path.size() - 1).getIssuerX500Principal()).rfc4514()
                        + ") does not lead to a root of proxy.tls.trustedRoots");
            }
            throw refused(Kind.INVALID_CHAIN, "the chain of " + subject + " fails validation: " + e.getMessage());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw refused(Kind.INVALID_CHAIN, "the chain of " + subject + " cannot be validated: " + e.getMessage());
        }
    }

    private static boolean forServers(X509Certificate leaf) {
        try {
            List<String> purposes = leaf.getExtendedKeyUsage();
            return purposes == null || purposes.contains(SERVER_AUTH) || purposes.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static String names(X509Certificate leaf) {
        try {
            var names = leaf.getSubjectAlternativeNames();
            return names == null ? "none" : names.stream().map(n -> String.valueOf(n.get(1))).toList().toString();
        } catch (CertificateParsingException e) {
            return "undecodable";
        }
    }

    private static BackendCertificateException refused(Kind kind, String detail) {
        return new BackendCertificateException(new UpstreamTlsFailure(kind, detail));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("an upstream TLS context never serves clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("an upstream TLS context never serves clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("an upstream TLS context never serves clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.toArray(new X509Certificate[0]);
    }
}
