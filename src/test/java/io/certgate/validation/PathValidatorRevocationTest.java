package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.pki.CrlReason;
import io.certgate.pki.PemFiles;
import io.certgate.pki.RevocationList;
import io.certgate.revocation.CrlStore;
import io.certgate.testing.TestPki;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocation of the validated path against CRL files, with the real {@link CrlStore}. */
class PathValidatorRevocationTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant AT = NOW;
    /** When the test PKI's CRLs are issued, and so when their entries say the revocation happened. */
    static final Instant CRL_ISSUED = NOW.minus(Duration.ofMinutes(5));

    @TempDir
    Path dir;

    private final TestPki pki = TestPki.create(NOW);
    private final Credential alice = pki.client("alice").build();
    private final List<Path> crlFiles = new ArrayList<>();

    @Test
    void certificateOnNoCrlIsValidAndTheCrlsConsultedAreNamed() throws Exception {
        Path intermediateCrl = crl("intermediate.crl", pki.intermediateCrl().build());
        Path rootCrl = crl("root.crl", pki.rootCrl().build());

        Verdict verdict = validator(RevocationScope.CHAIN, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.revocationSources()).containsExactly("crl:" + intermediateCrl, "crl:" + rootCrl);
        assertThat(verdict.warnings()).isEmpty();
    }

    @Test
    void verdictHoldsNoLongerThanTheCrlNextUpdate() throws Exception {
        Instant nextUpdate = AT.plus(Duration.ofMinutes(3));
        crl("intermediate.crl", pki.intermediateCrl().nextUpdate(nextUpdate).build());

        Verdict verdict = validator(RevocationScope.LEAF, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.validUntil()).isEqualTo(nextUpdate);
    }

    @Test
    void revokedClientCertificateIsRevokedWithTheDateReasonAndSource() throws Exception {
        Credential bob = pki.client("bob").build();
        Path file = crl("intermediate.crl", pki.intermediateCrl().revoke(bob, CrlReason.KEY_COMPROMISE).build());
        crl("root.crl", pki.rootCrl().build());

        Verdict verdict = validator(RevocationScope.CHAIN, OnUnavailable.DENY).validate(bob.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.REVOKED);
        assertThat(verdict.outcome()).isEqualTo(Outcome.REVOKED);
        assertThat(verdict.detail()).isEqualTo("certificate CN=bob was revoked at " + CRL_ISSUED
                + " (keyCompromise), according to crl:" + file);
        assertThat(verdict.offending()).contains(bob.certificate());
    }

    @Test
    void otherCertificatesOfTheSameIssuerStayValid() throws Exception {
        Credential bob = pki.client("bob").build();
        crl("intermediate.crl", pki.intermediateCrl().revoke(bob, CrlReason.KEY_COMPROMISE).build());

        Verdict verdict = validator(RevocationScope.LEAF, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
    }

    @Test
    void revokedIntermediateRefusesItsClientsWithScopeChain() throws Exception {
        crl("intermediate.crl", pki.intermediateCrl().build());
        Path rootCrl = crl("root.crl", pki.rootCrl().revoke(pki.intermediate(), CrlReason.CA_COMPROMISE).build());

        Verdict verdict = validator(RevocationScope.CHAIN, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.REVOKED);
        assertThat(verdict.detail()).isEqualTo("CA certificate CN=Test Issuing CA was revoked at " + CRL_ISSUED
                + " (cACompromise), according to crl:" + rootCrl);
        assertThat(verdict.offending()).contains(pki.intermediate().certificate());
    }

    @Test
    void revokedIntermediateIsNotLookedAtWithScopeLeaf() throws Exception {
        crl("intermediate.crl", pki.intermediateCrl().build());
        crl("root.crl", pki.rootCrl().revoke(pki.intermediate(), CrlReason.CA_COMPROMISE).build());

        Verdict verdict = validator(RevocationScope.LEAF, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
    }

    @Test
    void noCrlForTheIssuerIsRevocationUnavailableWhenUnavailableMeansDeny() throws Exception {
        crl("root.crl", pki.rootCrl().build());

        Verdict verdict = validator(RevocationScope.CHAIN, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.REVOCATION_UNAVAILABLE);
        assertThat(verdict.outcome()).isEqualTo(Outcome.REVOCATION_UNKNOWN);
        assertThat(verdict.detail()).isEqualTo("the revocation status of certificate CN=alice is unknown:"
                + " no CRL is configured for issuer CN=Test Issuing CA");
        assertThat(verdict.offending()).contains(alice.certificate());
    }

    @Test
    void noCrlForTheIssuerIsValidWithAWarningWhenUnavailableMeansAllow() throws Exception {
        crl("root.crl", pki.rootCrl().build());

        Verdict verdict = validator(RevocationScope.CHAIN, OnUnavailable.ALLOW).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.warnings()).containsExactly("the revocation status of certificate CN=alice is unknown:"
                + " no CRL is configured for issuer CN=Test Issuing CA (allowed by onUnavailable: allow)");
    }

    @Test
    void scopeChainSkipsACaWithoutAnyCrlAndSaysSo() throws Exception {
        crl("intermediate.crl", pki.intermediateCrl().build());

        Verdict verdict = validator(RevocationScope.CHAIN, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.warnings()).containsExactly("CA certificate CN=Test Issuing CA was not checked for"
                + " revocation: no CRL of its issuer CN=Test Root CA is configured");
    }

    @Test
    void scopeChainStillFailsClosedForACaWhoseCrlIsUnusable() throws Exception {
        crl("intermediate.crl", pki.intermediateCrl().build());
        Path rootCrl = crl("root.crl", pki.rootCrl().thisUpdate(NOW.minus(Duration.ofDays(8)))
                .nextUpdate(NOW.minus(Duration.ofDays(1))).build());

        Verdict verdict = validator(RevocationScope.CHAIN, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.REVOCATION_UNAVAILABLE);
        assertThat(verdict.detail()).startsWith("the revocation status of CA certificate CN=Test Issuing CA is unknown:"
                + " the CRL crl:" + rootCrl + " expired at");
    }

    @Test
    void expiredCrlGivesNoAnswer() throws Exception {
        Instant nextUpdate = NOW.minus(Duration.ofDays(1));
        Path file = crl("intermediate.crl", pki.intermediateCrl().thisUpdate(NOW.minus(Duration.ofDays(8)))
                .nextUpdate(nextUpdate).build());

        Verdict verdict = validator(RevocationScope.LEAF, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.REVOCATION_UNAVAILABLE);
        assertThat(verdict.detail()).isEqualTo("the revocation status of certificate CN=alice is unknown:"
                + " the CRL crl:" + file + " expired at 2026-02-28T12:00:00Z (nextUpdate)");
    }

    @Test
    void aVerdictThatMetAFailingSourceIsDecidedAgainSoonWhicheverWayItWent() throws Exception {
        crl("intermediate.crl", pki.intermediateCrl().thisUpdate(NOW.minus(Duration.ofDays(8)))
                .nextUpdate(NOW.minus(Duration.ofDays(1))).build());

        Verdict refused = validator(RevocationScope.LEAF, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);
        Verdict allowed = validator(RevocationScope.LEAF, OnUnavailable.ALLOW).validate(alice.chainWithoutRoot(), AT);

        assertThat(refused.reason()).isEqualTo(Reason.REVOCATION_UNAVAILABLE);
        assertThat(refused.validUntil()).isEqualTo(AT.plus(PathValidator.UNKNOWN_RECHECK));
        assertThat(allowed.reason()).isEqualTo(Reason.OK);
        assertThat(allowed.validUntil()).isEqualTo(AT.plus(PathValidator.UNKNOWN_RECHECK));
    }

    @Test
    void withNoSourceAtAllOnlyAReloadCanChangeTheAnswerSoTheVerdictKeepsItsUsualLife() throws Exception {
        crl("root.crl", pki.rootCrl().build());

        Verdict allowed = validator(RevocationScope.CHAIN, OnUnavailable.ALLOW).validate(alice.chainWithoutRoot(), AT);

        assertThat(allowed.reason()).isEqualTo(Reason.OK);
        assertThat(allowed.validUntil()).isEqualTo(AT.plus(ValidationPolicy.DEFAULT_VERDICT_TTL));
    }

    @Test
    void crlSignedByTheWrongKeyIsNotBelievedEvenWhenItListsTheCertificate() throws Exception {
        Credential impostor = Credential.builder().subject("CN=Test Issuing CA,O=certgate tests")
                .certificateAuthority(0).now(NOW).build();
        Path file = crl("forged.crl", RevocationList.builder(impostor).thisUpdate(CRL_ISSUED)
                .revoke(alice, CrlReason.KEY_COMPROMISE).build());

        Verdict verdict = validator(RevocationScope.LEAF, OnUnavailable.DENY).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.REVOCATION_UNAVAILABLE);
        assertThat(verdict.detail()).isEqualTo("the revocation status of certificate CN=alice is unknown:"
                + " the CRL crl:" + file + " is not signed by CN=Test Issuing CA");
    }

    @Test
    void caWhoseKeyUsageLacksCrlSignCannotVouchForItsCertificates() throws Exception {
        Credential noCrlCa = Credential.builder().subject("CN=No CRL CA").certificateAuthority(0)
                .keyUsage(KeyUsage.keyCertSign).issuedBy(pki.root()).now(NOW).build();
        Credential henry = Credential.builder().subject("CN=henry").clientAuth().issuedBy(noCrlCa).now(NOW).build();
        crl("no-crl-ca.crl", RevocationList.builder(noCrlCa).thisUpdate(CRL_ISSUED).build());

        Verdict verdict = validator(RevocationScope.LEAF, OnUnavailable.DENY).validate(henry.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.REVOCATION_UNAVAILABLE);
        assertThat(verdict.detail()).isEqualTo("the revocation status of certificate CN=henry is unknown:"
                + " issuer CN=No CRL CA may not sign CRLs (keyUsage lacks cRLSign)");
    }

    @Test
    void expiredCertificateIsExpiredEvenWhenAlsoRevoked() throws Exception {
        Credential bob = pki.client("bob").expired().build();
        crl("intermediate.crl", pki.intermediateCrl().revoke(bob, CrlReason.KEY_COMPROMISE).build());

        Verdict verdict = validator(RevocationScope.LEAF, OnUnavailable.DENY).validate(bob.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.EXPIRED);
    }

    private Path crl(String name, X509CRL crl) throws Exception {
        Path file = PemFiles.writeCrl(dir.resolve(name), crl, false);
        crlFiles.add(file);
        return file;
    }

    private PathValidator validator(RevocationScope scope, OnUnavailable onUnavailable) throws Exception {
        List<X509Certificate> roots = List.of(pki.root().certificate());
        List<X509Certificate> intermediates = List.of(pki.intermediate().certificate());
        return new PathValidator(TrustStore.of(roots, intermediates), ValidationPolicy.forClients(5, scope, onUnavailable),
                CrlStore.load(crlFiles, 1));
    }
}
