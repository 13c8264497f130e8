package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.revocation.RevocationChecker;
import io.certgate.testing.OddCertificates;
import io.certgate.testing.TestPki;
import io.netty.handler.ssl.util.LazyX509Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the client sent is refused before any path is built when it does not decode strictly, is
 * larger than maxChainBytes, or holds an RSA key over 8192 bits: each a 403.16 verdict with a
 * detail naming the certificate's position and what is wrong. Chains arrive as BoringSSL hands
 * them over, as bytes decoded on first use ({@link LazyX509Certificate}), or decoded by the JDK.
 */
class ChainIntakeTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final TestPki pki = TestPki.create(NOW);

    @Test
    void aBrokenSubjectAltNameInTheClientCertificateIsMalformed() {
        // Non-critical: the JDK decodes the certificate and drops the extension as "unparseable",
        // which would let the client pass with no names at all.
        Credential broken = OddCertificates.brokenSubjectAltName(pki, "mallory", false);

        Verdict verdict = validate(broken.chainWithoutRoot());

        assertThat(verdict.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).startsWith("the client's certificate (1 of the 2 it sent) cannot be read:"
                + " extension subjectAltName (2.5.29.17) cannot be decoded: ");
        assertThat(verdict.client()).as("nothing describes a client whose certificate cannot be read").isEmpty();
    }

    @Test
    void aBrokenExtensionInAnIntermediateNamesItsPosition() {
        Credential client = OddCertificates.clientOfCaWithBrokenSubjectAltName(pki, "alice");

        Verdict verdict = validate(client.chainWithoutRoot());

        assertThat(verdict.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(verdict.detail()).startsWith("certificate 2 of the 2 the client sent cannot be read:"
                + " extension subjectAltName (2.5.29.17)");
        assertThat(verdict.client()).as("the client's own certificate is fine and described").isPresent();
    }

    @Test
    void trailingBytesAfterACertificateAreMalformed() {
        Credential alice = pki.client("alice").build();
        List<X509Certificate> sent = List.of(new LazyX509Certificate(OddCertificates.withTrailingBytes(alice.certificate(), 7)),
                pki.intermediate().certificate());

        Verdict verdict = validate(sent);

        assertThat(verdict.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(verdict.detail()).isEqualTo("the client's certificate (1 of the 2 it sent) cannot be read: 7 bytes follow"
                + " the certificate's DER encoding (" + OddCertificates.der(alice.certificate()).length + " bytes)");
    }

    @Test
    void aTruncatedIntermediateIsMalformed() {
        Credential alice = pki.client("alice").build();
        List<X509Certificate> sent = List.of(alice.certificate(),
                new LazyX509Certificate(OddCertificates.truncated(pki.intermediate().certificate(), 40)));

        Verdict verdict = validate(sent);

        assertThat(verdict.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(verdict.detail()).startsWith("certificate 2 of the 2 the client sent cannot be read: the DER encoding is broken");
        assertThat(verdict.offending()).as("nothing could read it, so it is not named").isEmpty();
    }

    @Test
    void bytesThatAreNoCertificateAtAllAreMalformedNotAnException() {
        List<X509Certificate> sent = List.of(new LazyX509Certificate(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));

        Verdict verdict = validate(sent);

        assertThat(verdict.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(verdict.detail()).startsWith("the client's certificate cannot be read: the DER is not an X.509 certificate");
    }

    @Test
    void tenThousandNamesAreMoreThanMaxChainBytes() {
        Credential crowded = OddCertificates.manyDnsNames(pki, "crowded", 10_000);
        List<X509Certificate> sent = crowded.chainWithoutRoot();
        long bytes = OddCertificates.der(sent.get(0)).length + OddCertificates.der(sent.get(1)).length;

        Verdict verdict = validate(sent);

        assertThat(bytes).isGreaterThan(ValidationPolicy.forClients(5, RevocationScope.CHAIN, OnUnavailable.DENY).maxChainBytes());
        assertThat(verdict.reason()).isEqualTo(Reason.CHAIN_TOO_LARGE);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).isEqualTo("the client sent 2 certificates of " + bytes
                + " bytes in all, more than maxChainBytes 102400");
    }

    @Test
    void maxChainBytesIsThePolicysOwn() {
        List<X509Certificate> sent = pki.client("alice").build().chainWithoutRoot();
        long bytes = OddCertificates.der(sent.get(0)).length + OddCertificates.der(sent.get(1)).length;

        assertThat(validator((int) bytes).validate(sent, NOW).reason()).as("exactly the limit").isEqualTo(Reason.OK);
        assertThat(validator((int) bytes - 1).validate(sent, NOW).reason()).isEqualTo(Reason.CHAIN_TOO_LARGE);
    }

    @Test
    void anRsaKeyOver8192BitsIsRefusedBeforeAnySignatureIsChecked() {
        Credential client = OddCertificates.clientOfCaWithRsaKeyOf(pki, "alice", 16_384);

        Verdict verdict = validate(client.chainWithoutRoot());

        assertThat(verdict.reason()).isEqualTo(Reason.KEY_TOO_LARGE);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).isEqualTo("certificate 2 of the 2 the client sent has an RSA key of 16384 bits;"
                + " certgate verifies with RSA keys of at most 8192 bits");
        assertThat(verdict.offending()).contains(client.chainWithoutRoot().get(1));
    }

    @Test
    void anRsaKeyOfExactly8192BitsIsNotRefusedForItsSize() {
        Credential client = OddCertificates.clientOfCaWithRsaKeyOf(pki, "alice", ChainIntake.MAX_RSA_KEY_BITS);

        Verdict verdict = validate(client.chainWithoutRoot());

        // The random modulus signed nothing: the path fails on the signature, not on the key size.
        assertThat(verdict.reason()).isNotEqualTo(Reason.KEY_TOO_LARGE);
        assertThat(verdict.detail()).contains("signature");
    }

    @Test
    void aWellFormedChainArrivingAsBytesIsValid() {
        Credential alice = pki.client("alice").dns("alice.example.com").build();
        List<X509Certificate> sent = new ArrayList<>();
        for (X509Certificate certificate : alice.chainWithoutRoot()) {
            sent.add(new LazyX509Certificate(OddCertificates.der(certificate)));
        }

        assertThat(validate(sent).reason()).isEqualTo(Reason.OK);
    }

    private Verdict validate(List<X509Certificate> sent) {
        return validator(ValidationPolicy.forClients(5, RevocationScope.CHAIN, OnUnavailable.DENY).maxChainBytes())
                .validate(sent, NOW);
    }

    private PathValidator validator(int maxChainBytes) {
        ValidationPolicy policy = ValidationPolicy.forClients(5, RevocationScope.CHAIN, OnUnavailable.ALLOW)
                .withMaxChainBytes(maxChainBytes);
        return new PathValidator(TrustStore.of(List.of(pki.root().certificate()), List.of()), policy, RevocationChecker.NONE);
    }
}
