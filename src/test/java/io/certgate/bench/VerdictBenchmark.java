package io.certgate.bench;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.pki.CrlReason;
import io.certgate.revocation.CrlFile;
import io.certgate.revocation.CrlStore;
import io.certgate.testing.TestPki;
import io.certgate.validation.PathValidator;
import io.certgate.validation.TrustStore;
import io.certgate.validation.ValidationPolicy;
import io.certgate.validation.Verdict;
import io.certgate.validation.VerdictCache;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a handshake's verdict costs: deciding a chain from scratch (decoding, path building, PKIX
 * with ECDSA signatures, purpose, a CRL lookup in a 1,000-entry CRL) against finding it in the
 * verdict cache. The ratio is
 * what caching buys every handshake after a client's first. {@code worstChain} is the most
 * expensive chain a client may send: its certificate and 9 intermediates that all share one
 * subject (distinct keys, each issued by the one before), none reaching a trusted root, so that
 * every ordering of them names a plausible path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VerdictBenchmark {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private PathValidator validator;
    private VerdictCache cache;
    private List<X509Certificate> chain;
    private List<byte[]> encoded;
    private List<byte[]> worstEncoded;
    /** Client chains never seen before, as many as the JDK's certificate factory does not remember. */
    private List<List<byte[]>> freshEncoded;
    private int nextFresh;

    @Setup
    public void setUp() throws Exception {
        TestPki pki = TestPki.create(NOW);
        Credential alice = pki.client("alice").build();
        var crl = pki.intermediateCrl();
        for (int i = 1; i <= 1000; i++) {
            crl.revoke(BigInteger.valueOf(i), NOW.minusSeconds(3600), CrlReason.KEY_COMPROMISE);
        }
        Path file = java.nio.file.Files.createTempFile("bench", ".crl");
        io.certgate.pki.PemFiles.writeCrl(file, crl.build(), true);
        CrlStore crls = CrlStore.of(List.of(CrlFile.read(file)), 1);
        validator = new PathValidator(TrustStore.of(List.of(pki.root().certificate()), List.of()),
                ValidationPolicy.forClients(5, RevocationScope.CHAIN, OnUnavailable.ALLOW), crls);
        cache = new VerdictCache(validator, Clock.fixed(NOW, ZoneOffset.UTC), Runnable::run, VerdictCache.DEFAULT_MAX_ENTRIES);
        chain = alice.chainWithoutRoot();
        encoded = encode(chain);
        if (!validator.validate(chain, NOW).isValid()) {
            throw new IllegalStateException("the benchmark chain must be valid");
        }
        worstEncoded = encode(sameSubjectChain(NOW, 9));
        freshEncoded = new java.util.ArrayList<>();
        for (int i = 0; i < FRESH_CLIENTS; i++) {
            freshEncoded.add(encode(pki.client("user" + i).build().chainWithoutRoot()));
        }
    }

    /**
     * Distinct client certificates {@code cold} cycles through: more than the 750 encodings the
     * JDK's X.509 factory remembers (sun.security.provider.X509Factory), so that each one arrives
     * as a new object, undecoded, its signature never checked, as a new user's does.
     */
    private static final int FRESH_CLIENTS = 2000;

    /** A client certificate and {@code intermediates} CAs named alike, each issued by the one before; no trusted root. */
    static List<X509Certificate> sameSubjectChain(Instant now, int intermediates) {
        Credential issuer = Credential.builder().subject("CN=Same Name CA").certificateAuthority(-1).now(now).build();
        List<X509Certificate> cas = new java.util.ArrayList<>(List.of(issuer.certificate()));
        for (int i = 1; i < intermediates; i++) {
            issuer = Credential.builder().subject("CN=Same Name CA").certificateAuthority(-1).issuedBy(issuer).now(now).build();
            cas.add(0, issuer.certificate());
        }
        List<X509Certificate> presented = new java.util.ArrayList<>();
        presented.add(Credential.builder().subject("CN=mallory").clientAuth().issuedBy(issuer).now(now).build().certificate());
        presented.addAll(cas);
        return presented;
    }

    private static List<byte[]> encode(List<X509Certificate> certificates) throws Exception {
        List<byte[]> der = new java.util.ArrayList<>();
        for (X509Certificate certificate : certificates) {
            der.add(certificate.getEncoded());
        }
        return der;
    }

    private static List<X509Certificate> decode(List<byte[]> encoded) throws Exception {
        java.security.cert.CertificateFactory factory = java.security.cert.CertificateFactory.getInstance("X.509");
        List<X509Certificate> fresh = new java.util.ArrayList<>(encoded.size());
        for (byte[] der : encoded) {
            fresh.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(der)));
        }
        return fresh;
    }

    /**
     * A client never seen before: its certificate decoded for the first time and its signature
     * checked (ECDSA P-256), with the intermediate every client sends already known, as in the
     * gateway. This is what the first handshake of each new user costs.
     */
    @Benchmark
    public Verdict cold() throws Exception {
        List<byte[]> next = freshEncoded.get(nextFresh);
        nextFresh = (nextFresh + 1) % FRESH_CLIENTS;
        return validator.validate(decode(next), NOW);
    }

    /**
     * The same chain judged again without the verdict cache: the JDK's factory hands back the
     * objects it decoded before, which remember the key their signature verified with, so this
     * is the verdict's own work without decoding or signatures.
     */
    @Benchmark
    public Verdict rejudged() throws Exception {
        return validator.validate(decode(encoded), NOW);
    }

    /** The worst chain a client may send, decoded afresh as a new client's would be: refused, and quickly. */
    @Benchmark
    public Verdict worstChain() throws Exception {
        return validator.validate(decode(worstEncoded), NOW);
    }

    /**
     * What the RFC 5280 profile checks add to every cold verdict: the same two certificates read
     * as {@code cold} reads them (nothing about them is cached between verdicts).
     */
    @Benchmark
    public Object profileChecks() {
        return io.certgate.validation.profile.ProfileChecks.firstViolation(chain);
    }

    @Benchmark
    public Verdict cached() {
        return cache.judge(chain).join();
    }
}
