package io.certgate.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The chain a client presented in a (full or resumed) handshake. */
public final class PeerCertificates {

    private PeerCertificates() {
    }

    /** Client certificate first; empty when the client sent none. */
    public static List<X509Certificate> of(SSLSession session) {
        try {
            Certificate[] certificates = session.getPeerCertificates();
            List<X509Certificate> chain = new ArrayList<>(certificates.length);
            for (Certificate certificate : certificates) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }
}
