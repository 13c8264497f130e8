package io.certgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.certgate.pki.Credential;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real OCSP responder on 127.0.0.1 (port 0), answering POSTed requests with responses Bouncy
 * Castle builds: good unless told otherwise, signed by the CA itself or by a delegated
 * responder, with chosen thisUpdate/nextUpdate, echoing the nonce unless told not to.
 */
public final class OcspResponder implements AutoCloseable {

    /** What the responder says about one serial. */
    public enum Answer { GOOD, REVOKED, UNKNOWN }

    private final HttpServer server;
    private final Map<BigInteger, Answer> answers = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Credential signer;
    private volatile boolean includeSigner;
    private volatile Instant thisUpdate;
    private volatile Instant nextUpdate;
    private volatile boolean echoNonce = true;

    private OcspResponder(HttpServer server, Credential ca, Instant now) {
        this.server = server;
        this.signer = ca;
        this.thisUpdate = now.minus(Duration.ofMinutes(1));
        this.nextUpdate = now.plus(Duration.ofHours(1));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A responder for the certificates {@code ca} issued, its answers current around {@code now}. */
    public static OcspResponder start(Credential ca, Instant now) {
        try {
            return new OcspResponder(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), ca, now);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp";
    }

    public OcspResponder answer(Credential certificate, Answer answer) {
        answers.put(certificate.serial(), answer);
        return this;
    }

    /** Signs with another credential, sent along with the response when {@code include}. */
    public OcspResponder signedBy(Credential signer, boolean include) {
        this.signer = signer;
        this.includeSigner = include;
        return this;
    }

    public OcspResponder validity(Instant thisUpdate, Instant nextUpdate) {
        this.thisUpdate = thisUpdate;
        this.nextUpdate = nextUpdate;
        return this;
    }

    /** Leaves the request's nonce out of the response (as a replaying or careless responder would). */
    public OcspResponder ignoreNonce() {
        this.echoNonce = false;
        return this;
    }

    public int requests() {
        return requests.get();
    }

    /** A responder certificate issued by {@code ca}, with id-kp-OCSPSigning when {@code authorised}. */
    public static Credential delegate(Credential ca, Instant now, boolean authorised) {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                    new X500Name("CN=OCSP Responder,O=certgate tests"), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    authorised ? KeyPurposeId.id_kp_OCSPSigning : KeyPurposeId.id_kp_clientAuth));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(ca.privateKey())));
            return new Credential(certificate, keys, ca.chain());
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint a responder certificate: " + e.getMessage(), e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            OCSPReq request = new OCSPReq(exchange.getRequestBody().readAllBytes());
            Credential by = signer;
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(
                    X500Name.getInstance(by.certificate().getSubjectX500Principal().getEncoded())));
            for (Req single : request.getRequestList()) {
                CertificateStatus status = switch (answers.getOrDefault(single.getCertID().getSerialNumber(), Answer.GOOD)) {
                    case GOOD -> CertificateStatus.GOOD;
                    case REVOKED -> new RevokedStatus(Date.from(thisUpdate.minus(Duration.ofDays(1))),
                            org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
                    case UNKNOWN -> new UnknownStatus();
                };
                builder.addResponse(single.getCertID(), status, Date.from(thisUpdate),
                        nextUpdate == null ? null : Date.from(nextUpdate), null);
            }
            Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null && echoNonce) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            X509CertificateHolder[] chain = includeSigner
                    ? new X509CertificateHolder[] {new JcaX509CertificateHolder(by.certificate())} : null;
            byte[] body = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(by.privateKey()), chain, Date.from(thisUpdate)))
                    .getEncoded();
            exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
