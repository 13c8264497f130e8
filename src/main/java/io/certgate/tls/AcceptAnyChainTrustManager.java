package io.certgate.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Lets every client chain complete the handshake. The TLS stack still verifies the client's
 * CertificateVerify signature (proof of possession of the key); judging the chain happens
 * after the handshake, so that a refused client gets a 403.16 page with a reason instead of a
 * handshake alert it cannot read (DESIGN §1).
 *
 * <p>{@link #getAcceptedIssuers()} returns the CAs to advertise: both BoringSSL (through Netty)
 * and the JDK put their subjects into the CertificateRequest's certificate_authorities list.
 */
public final class AcceptAnyChainTrustManager extends X509ExtendedTrustManager {

    private final X509Certificate[] advertised;

    public AcceptAnyChainTrustManager(List<X509Certificate> advertised) {
        this.advertised = advertised.toArray(new X509Certificate[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Accepted: see the class comment.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Accepted: see the class comment.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Accepted: see the class comment.
    }

    /** Refuses: this trust manager judges client chains on a server and must never vouch for a server. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("certgate's client-certificate trust manager does not judge servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return advertised.clone();
    }
}
