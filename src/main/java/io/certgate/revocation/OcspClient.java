package io.certgate.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Asks the OCSP responder a certificate names in its authorityInfoAccess extension (RFC 6960)
 * and believes the answer only when it is signed by the issuer or by a responder the issuer
 * authorised (id-kp-OCSPSigning), is about this certificate, is current, and carries back the
 * nonce when one was sent. Answers are cached until their nextUpdate; concurrent questions about
 * the same certificate share one request. A responder that failed is not asked again for
 * {@link CrlDownloads#RETRY_BASE}, so that a dead or slow responder costs each client one wait, not
 * one per request.
 */
final class OcspClient {

    /** Clocks of responders and gateways differ a little; a response this far in the future is still taken. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** A response without nextUpdate (RFC 6960 §4.2.2.1: newer information is always available) is used this long. */
    static final Duration WITHOUT_NEXT_UPDATE = Duration.ofMinutes(5);
    /** Cached answers at most; the oldest are dropped beyond this (each is a few hundred bytes). */
    static final int MAX_CACHED = 100_000;
    /** RFC 8954: nonces of 1 to 32 octets; 16 random ones cannot be guessed. */
    private static final int NONCE_BYTES = 16;
    private static final String REQUEST_TYPE = "application/ocsp-request";

    /** One certificate at one responder. */
    private record Question(URI responder, CertificateID id) {
    }

    /** A verified answer and how long it holds. */
    private record Answer(RevocationStatus status, Instant thisUpdate, Instant usableUntil) {
    }

    /** The last thing that went wrong with a responder, and when. */
    private record Failure(Instant at, String detail) {
    }

    private final HttpDownloader downloader;
    private final DownloadSlots downloads;
    private final Clock clock;
    private final boolean nonce;
    private final SecureRandom random = new SecureRandom();
    private final Map<Question, Answer> cache = new ConcurrentHashMap<>();
    private final Map<Question, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();
    private final Map<URI, Failure> failedResponders = new ConcurrentHashMap<>();
    private final DigestCalculatorProvider digests;

    OcspClient(HttpDownloader downloader, DownloadSlots downloads, Clock clock, boolean nonce) {
        this.downloader = downloader;
        this.downloads = downloads;
        this.clock = clock;
        this.nonce = nonce;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("the JDK has no SHA-1 for OCSP certificate IDs", e);
        }
    }

    /** True when the certificate names an http OCSP responder. */
    static boolean hasResponder(X509Certificate certificate) {
        return !DistributionPoints.ocspResponders(certificate).isEmpty();
    }

    /** The responder's answer about {@code certificate}, waited for on the caller's thread (command line, tests). */
    RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at) {
        return PendingDownloads.settleBlocking(pending -> check(certificate, issuer, at, pending), downloader.limit());
    }

    /**
     * The responder's answer about {@code certificate}, issued by {@code issuer}, at {@code at},
     * never waiting: a cached answer, a recent failure, or else a request sent (or joined) and
     * recorded in {@code pending}, with the answer that it is on its way.
     */
    RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at, PendingDownloads pending) {
        List<URI> responders = DistributionPoints.ocspResponders(certificate);
        if (responders.isEmpty()) {
            return RevocationStatus.unknown("none", "the certificate names no OCSP responder");
        }
        URI responder = responders.get(0);
        String source = "ocsp:" + responder;
        CertificateID id;
        try {
            id = new CertificateID(digests.get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer),
                    certificate.getSerialNumber());
        } catch (Exception e) {
            return RevocationStatus.unknown(source, "no OCSP request can be made for it: " + e.getMessage());
        }
        Question question = new Question(responder, id);
        Answer cached = cache.get(question);
        if (cached != null && usable(cached, at)) {
            return cached.status();
        }
        Failure failure = failedResponders.get(responder);
        if (failure != null && clock.instant().isBefore(failure.at().plus(CrlDownloads.RETRY_BASE))) {
            return RevocationStatus.unknown(source, failure.detail());
        }
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> shared = inFlight.putIfAbsent(question, mine);
        CompletableFuture<Answer> asking = shared != null ? shared : ask(question, mine, issuer, at);
        if (!asking.isDone()) {
            if (pending.isLastRound()) {
                return failed(responder, source, "the OCSP responder " + responder + " did not answer within "
                        + HttpDownloader.describe(pending.limit()) + " (timed out)");
            }
            pending.await(asking);
            return RevocationStatus.unknown(source, "the OCSP responder " + responder + " is being asked");
        }
        try {
            Answer answer = asking.join();
            failedResponders.remove(responder);
            if (!usable(answer, at)) {
                return RevocationStatus.unknown(source, "the OCSP response from " + responder + " is stale: it was valid until "
                        + answer.usableUntil());
            }
            return answer.status();
        } catch (java.util.concurrent.CompletionException failed) {
            return failed(responder, source, "the OCSP responder " + responder + " " + failed.getCause().getMessage());
        }
    }

    private RevocationStatus failed(URI responder, String source, String detail) {
        failedResponders.put(responder, new Failure(clock.instant(), detail));
        return RevocationStatus.unknown(source, detail);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static boolean usable(Answer answer, Instant at) {
        return !answer.thisUpdate().isAfter(at.plus(CLOCK_SKEW)) && !answer.usableUntil().isBefore(at);
    }

    /** Sends the question on the download executor; {@code answer} is already in {@link #inFlight}. */
    private CompletableFuture<Answer> ask(Question question, CompletableFuture<Answer> answer, X509Certificate issuer,
                                         Instant at) {
        URI responder = question.responder();
        downloads.execute(DownloadSlots.hostOf(responder), () -> {
            // What the exchange gave is remembered before it stops being in flight, so that the
            // check that waited for it (asking again, without waiting) finds it and does not ask again.
            try {
                Answer verified = exchange(question, issuer, at);
                if (!usable(verified, at)) {
                    failedResponders.put(responder, new Failure(clock.instant(), "the OCSP response from " + responder
                            + " is stale: it was valid until " + verified.usableUntil()));
                } else {
                    failedResponders.remove(responder);
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear(); // crude but bounded: a full cache starts over rather than grow
                    }
                    // A responder that does not know the certificate is asked again after RETRY_BASE, not at once.
                    cache.put(question, verified.status().state() != RevocationStatus.State.UNKNOWN ? verified
                            : new Answer(verified.status(), verified.thisUpdate(),
                            earliest(verified.usableUntil(), clock.instant().plus(CrlDownloads.RETRY_BASE))));
                }
                answer.complete(verified);
            } catch (HttpDownloader.DownloadException e) {
                failedResponders.put(responder, new Failure(clock.instant(), "the OCSP responder " + responder + " " + e.getMessage()));
                answer.completeExceptionally(e);
            } catch (RuntimeException e) {
                HttpDownloader.DownloadException unusable = new HttpDownloader.DownloadException(
                        "gave an answer that cannot be used: " + e);
                failedResponders.put(responder, new Failure(clock.instant(), "the OCSP responder " + responder + " "
                        + unusable.getMessage()));
                answer.completeExceptionally(unusable);
            } finally {
                inFlight.remove(question, answer);
            }
        }, () -> {
            inFlight.remove(question, answer);
            answer.completeExceptionally(new HttpDownloader.DownloadException("is not asked: certgate is stopping"));
        });
        return answer;
    }

    private Answer exchange(Question question, X509Certificate issuer, Instant at) throws HttpDownloader.DownloadException {
        URI responder = question.responder();
        String source = "ocsp:" + responder;
        byte[] sentNonce = null;
        byte[] request;
        try {
            OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(question.id());
            if (nonce) {
                sentNonce = new byte[NONCE_BYTES];
                random.nextBytes(sentNonce);
                builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(sentNonce))));
            }
            request = builder.build().getEncoded();
        } catch (IOException | org.bouncycastle.cert.ocsp.OCSPException e) {
            throw new HttpDownloader.DownloadException("cannot be asked: " + e.getMessage());
        }
        BasicOCSPResp response = basicResponse(downloader.post(responder, REQUEST_TYPE, request));
        Optional<String> untrusted = OcspSignature.problem(response, issuer, at);
        if (untrusted.isPresent()) {
            throw new HttpDownloader.DownloadException("sent a response that " + untrusted.get());
        }
        if (sentNonce != null) {
            Extension echoed = response.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            byte[] got = echoed == null ? null : nonceOf(echoed);
            if (got == null || !Arrays.equals(got, sentNonce)) {
                throw new HttpDownloader.DownloadException("sent a response without the request's nonce (a replay, or a"
                        + " responder that ignores nonces: set ocspNonce: false)");
            }
        }
        for (SingleResp single : response.getResponses()) {
            if (!single.getCertID().equals(question.id())) {
                continue;
            }
            Instant thisUpdate = single.getThisUpdate().toInstant();
            // Counted from the responder's thisUpdate, not from now: an old signed answer replayed
            // to us must not pass as fresh (nonces are optional).
            Instant until = single.getNextUpdate() != null ? single.getNextUpdate().toInstant()
                    : thisUpdate.plus(WITHOUT_NEXT_UPDATE);
            Optional<Instant> validUntil = Optional.of(until);
            CertificateStatus status = single.getCertStatus();
            if (status == CertificateStatus.GOOD) {
                return new Answer(RevocationStatus.good(source, validUntil), thisUpdate, until);
            }
            if (status instanceof RevokedStatus revoked) {
                // RFC 6960 §4.2.1: revocationReason is a CRLReason, named as CRL entries name it.
                Optional<String> reason = revoked.hasRevocationReason()
                        ? new CrlEntry(BigInteger.ZERO, Instant.EPOCH, (byte) revoked.getRevocationReason()).reasonName()
                        : Optional.empty();
                return new Answer(RevocationStatus.revoked(source, revoked.getRevocationTime().toInstant(), reason, validUntil),
                        thisUpdate, until);
            }
            return new Answer(RevocationStatus.unknown(source, "the OCSP responder " + responder
                    + " does not know the certificate (status unknown)"), thisUpdate, until);
        }
        throw new HttpDownloader.DownloadException("sent a response about other certificates, not this one");
    }

    private static BasicOCSPResp basicResponse(byte[] body) throws HttpDownloader.DownloadException {
        try {
            OCSPResp response = new OCSPResp(body);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new HttpDownloader.DownloadException("refused to answer (OCSP response status "
                        + response.getStatus() + ")");
            }
            Object object = response.getResponseObject();
            if (!(object instanceof BasicOCSPResp basic)) {
                throw new HttpDownloader.DownloadException("sent a response of an unknown type");
            }
            return basic;
        } catch (IOException | org.bouncycastle.cert.ocsp.OCSPException | RuntimeException e) {
            throw new HttpDownloader.DownloadException("sent something that is not an OCSP response: " + e.getMessage());
        }
    }

    private static byte[] nonceOf(Extension extension) {
        byte[] value = extension.getExtnValue().getOctets();
        try {
            // RFC 8954: the value is an OCTET STRING; some responders send the raw bytes instead.
            return org.bouncycastle.asn1.ASN1OctetString.getInstance(value).getOctets();
        } catch (RuntimeException raw) {
            return value;
        }
    }
}
