package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.revocation.RevocationChecker;
import io.certgate.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/** What a path must satisfy beyond names and dates: purposes, CA flags, path lengths. */
class PathValidatorConstraintsTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant AT = NOW;

    private final TestPki pki = TestPki.create(NOW);
    private final X509Certificate root = pki.root().certificate();
    private final X509Certificate intermediate = pki.intermediate().certificate();

    @Test
    void wrongExtendedKeyUsageIsUntrusted() {
        Credential mail = Credential.builder().subject("CN=mail").emailProtectionOnly()
                .issuedBy(pki.intermediate()).now(NOW).build();

        Verdict verdict = validator(5, ValidationPolicy.Purpose.CLIENT_AUTH).validate(mail.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.WRONG_KEY_USAGE);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail())
                .isEqualTo("certificate CN=mail is not for client authentication (extendedKeyUsage lacks clientAuth)");
        assertThat(verdict.offending()).contains(mail.certificate());
    }

    @Test
    void serverOnlyCertificateIsNotAClientCertificate() {
        Credential server = pki.server("www.example.com");

        Verdict verdict = validator(5, ValidationPolicy.Purpose.CLIENT_AUTH).validate(server.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.WRONG_KEY_USAGE);
    }

    @Test
    void certificateWithoutExtendedKeyUsageMayAuthenticateClients() {
        Credential plain = Credential.builder().subject("CN=plain").issuedBy(pki.intermediate()).now(NOW).build();

        Verdict verdict = validator(5, ValidationPolicy.Purpose.CLIENT_AUTH).validate(plain.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
    }

    @Test
    void keyUsageWithoutDigitalSignatureIsUntrusted() {
        Credential dave = pki.client("dave").keyUsage(KeyUsage.keyEncipherment).build();

        Verdict verdict = validator(5, ValidationPolicy.Purpose.CLIENT_AUTH).validate(dave.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.WRONG_KEY_USAGE);
        assertThat(verdict.detail())
                .isEqualTo("certificate CN=dave is not for client authentication (keyUsage lacks digitalSignature)");
    }

    @Test
    void purposeAnyValidatesOnlyThePath() {
        Credential mail = Credential.builder().subject("CN=mail").emailProtectionOnly()
                .issuedBy(pki.intermediate()).now(NOW).build();

        Verdict verdict = validator(5, ValidationPolicy.Purpose.ANY).validate(mail.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
    }

    @Test
    void chainLongerThanMaxChainLengthIsRefused() {
        Credential alice = pki.client("alice").build();

        Verdict verdict = validator(2, ValidationPolicy.Purpose.CLIENT_AUTH).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.CHAIN_TOO_LONG);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail())
                .isEqualTo("the chain has 3 certificates (client to root), more than maxChainLength 2");
        assertThat(verdict.offending()).contains(alice.certificate());
    }

    @Test
    void chainAsLongAsMaxChainLengthIsAccepted() {
        Credential alice = pki.client("alice").build();

        Verdict verdict = validator(3, ValidationPolicy.Purpose.CLIENT_AUTH).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
    }

    @Test
    void caBelowAPathLenZeroCaExceedsThePathLengthConstraint() {
        // The test PKI's issuing CA has pathLenConstraint 0: it may issue end entities only.
        Credential subCa = Credential.builder().subject("CN=Sub CA").certificateAuthority(-1)
                .issuedBy(pki.intermediate()).now(NOW).build();
        Credential erin = Credential.builder().subject("CN=erin").clientAuth().issuedBy(subCa).now(NOW).build();

        Verdict verdict = validator(5, ValidationPolicy.Purpose.CLIENT_AUTH).validate(erin.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.PATH_LENGTH_EXCEEDED);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).isEqualTo("the path is longer than a CA's pathLenConstraint allows,"
                + " at CA certificate CN=Sub CA");
        assertThat(verdict.offending()).contains(subCa.certificate());
    }

    @Test
    void intermediateThatIsNotACaCannotIssueClientCertificates() {
        // keyCertSign is set, so only basicConstraints is wrong.
        Credential notCa = Credential.builder().subject("CN=Not A CA")
                .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
                .issuedBy(pki.root()).now(NOW).build();
        Credential frank = Credential.builder().subject("CN=frank").clientAuth().issuedBy(notCa).now(NOW).build();

        Verdict verdict = validator(5, ValidationPolicy.Purpose.CLIENT_AUTH).validate(frank.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.NOT_A_CA);
        assertThat(verdict.detail()).isEqualTo("CA certificate CN=Not A CA is used as a CA but is not one"
                + " (basicConstraints cA is false or absent)");
        assertThat(verdict.offending()).contains(notCa.certificate());
    }

    @Test
    void caWhoseKeyUsageLacksKeyCertSignCannotIssueCertificates() {
        Credential crlOnlyCa = Credential.builder().subject("CN=CRL Only CA").certificateAuthority(0)
                .keyUsage(KeyUsage.cRLSign).issuedBy(pki.root()).now(NOW).build();
        Credential grace = Credential.builder().subject("CN=grace").clientAuth().issuedBy(crlOnlyCa).now(NOW).build();

        Verdict verdict = validator(5, ValidationPolicy.Purpose.CLIENT_AUTH).validate(grace.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.WRONG_KEY_USAGE);
        assertThat(verdict.detail())
                .isEqualTo("CA certificate CN=CRL Only CA may not sign certificates (keyUsage lacks keyCertSign)");
    }

    private PathValidator validator(int maxChainLength, ValidationPolicy.Purpose purpose) {
        ValidationPolicy policy = new ValidationPolicy(purpose, maxChainLength, RevocationScope.CHAIN,
                OnUnavailable.DENY, ValidationPolicy.CertificatePolicies.ANY, ValidationPolicy.DEFAULT_VERDICT_TTL);
        return new PathValidator(TrustStore.of(List.of(root), List.of(intermediate)), policy, RevocationChecker.NONE);
    }
}
