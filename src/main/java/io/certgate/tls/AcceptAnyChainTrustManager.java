package io.certgate.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import java.net.Socket;
import java.security.cert.CertificateEncodingException;
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
 * <p>A client whose chain is larger than {@link #MAX_TICKET_CHAIN_BYTES} gets no session ticket
 * from BoringSSL: a TLS 1.3 ticket carries the client's chain, and BoringSSL fails the connection
 * ("internal error", after the handshake, before any answer) when it cannot fit one, from about
 * 32 KB of chain up to 64 KB. Such a client does full handshakes, and gets its 403.16 or its page.
 *
 * <p>{@link #getAcceptedIssuers()} returns the CAs to advertise: both BoringSSL (through Netty)
 * and the JDK put their subjects into the CertificateRequest's certificate_authorities list.
 */
public final class AcceptAnyChainTrustManager extends X509ExtendedTrustManager {

    /** Chains up to this many DER bytes get session tickets; real chains are 1 to 10 KB. */
    static final int MAX_TICKET_CHAIN_BYTES = 16 * 1024;

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
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl && encodedSize(chain) > MAX_TICKET_CHAIN_BYTES) {
            // Called inside the handshake, before BoringSSL writes its TLS 1.3 NewSessionTicket,
            // which it reads this option for.
            SSL.setOptions(openSsl.sslPointer(), SSL.SSL_OP_NO_TICKET);
        }
    }

    /** The chain's DER bytes; certificates arrive encoded, so this decodes nothing. */
    private static long encodedSize(X509Certificate[] chain) {
        long total = 0;
        for (X509Certificate certificate : chain) {
            try {
                total += certificate.getEncoded().length;
            } catch (CertificateEncodingException | RuntimeException e) {
                return Long.MAX_VALUE; // judged (and refused) after the handshake; no ticket for it either
            }
        }
        return total;
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
