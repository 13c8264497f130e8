package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.revocation.RevocationChecker;
import io.certgate.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paths to a trusted root, signatures and validity dates; revocation is off here (RevocationChecker.NONE). */
class PathValidatorTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant AT = NOW;

    private final TestPki pki = TestPki.create(NOW);
    private final X509Certificate root = pki.root().certificate();
    private final X509Certificate intermediate = pki.intermediate().certificate();

    @Test
    void clientCertificateChainingToATrustedRootIsValid() {
        Credential alice = pki.client("alice").build();

        Verdict verdict = validator(List.of(root), List.of()).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.outcome()).isEqualTo(Outcome.VALID);
        assertThat(verdict.detail()).isEqualTo("valid");
        assertThat(verdict.path()).containsExactly(alice.certificate(), intermediate, root);
        assertThat(verdict.client()).hasValueSatisfying(c -> assertThat(c.subject().shortLabel()).isEqualTo("CN=alice"));
        assertThat(verdict.offending()).isEmpty();
        assertThat(verdict.decidedAt()).isEqualTo(AT);
        assertThat(verdict.validUntil()).isEqualTo(AT.plus(ValidationPolicy.DEFAULT_VERDICT_TTL));
        assertThat(verdict.warnings()).isEmpty();
    }

    @Test
    void intermediateConfiguredOnTheServerCompletesThePath() {
        Credential alice = pki.client("alice").build();

        Verdict verdict = validator(List.of(root), List.of(intermediate)).validate(List.of(alice.certificate()), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.path()).containsExactly(alice.certificate(), intermediate, root);
    }

    @Test
    void intermediateSentByTheClientCompletesThePath() {
        Credential alice = pki.client("alice").build();

        Verdict verdict = validator(List.of(root), List.of())
                .validate(List.of(alice.certificate(), intermediate), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
    }

    @Test
    void rootSentByTheClientIsHarmless() {
        Credential alice = pki.client("alice").build();

        Verdict verdict = validator(List.of(root), List.of()).validate(alice.chain(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.path()).containsExactly(alice.certificate(), intermediate, root);
    }

    @Test
    void missingIntermediateHasNoPathToTrustedRootAndNamesTheMissingIssuer() {
        Credential alice = pki.client("alice").build();

        Verdict verdict = validator(List.of(root), List.of()).validate(List.of(alice.certificate()), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.NO_PATH_TO_TRUSTED_ROOT);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).isEqualTo("no path to a trusted root: issuer CN=Test Issuing CA of certificate"
                + " CN=alice is not a trusted root nor a known intermediate");
        assertThat(verdict.offending()).contains(alice.certificate());
    }

    @Test
    void unknownIssuerHasNoPathToTrustedRoot() {
        Credential mallory = TestPki.create(NOW, "Other").client("mallory").build();

        Verdict verdict = validator(List.of(root), List.of(intermediate)).validate(mallory.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.NO_PATH_TO_TRUSTED_ROOT);
        assertThat(verdict.detail()).isEqualTo("no path to a trusted root: issuer CN=Other Root CA of certificate"
                + " CN=Other Issuing CA is not a trusted root nor a known intermediate");
        assertThat(verdict.path()).isEmpty();
    }

    @Test
    void beingIssuedBySomeCaIsNotEnoughEvenWhenTheClientSendsItsRoot() {
        Credential mallory = TestPki.create(NOW, "Other").client("mallory").build();

        Verdict verdict = validator(List.of(root), List.of()).validate(mallory.chain(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.NO_PATH_TO_TRUSTED_ROOT);
    }

    @Test
    void trustedSelfSignedClientCertificateIsValid() {
        Credential kiosk = Credential.builder().subject("CN=kiosk").clientAuth().now(NOW).build();

        Verdict verdict = validator(List.of(kiosk.certificate()), List.of()).validate(List.of(kiosk.certificate()), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.path()).containsExactly(kiosk.certificate());
    }

    @Test
    void untrustedSelfSignedClientCertificateHasNoPath() {
        Credential kiosk = Credential.builder().subject("CN=kiosk").clientAuth().now(NOW).build();

        Verdict verdict = validator(List.of(root), List.of()).validate(List.of(kiosk.certificate()), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.NO_PATH_TO_TRUSTED_ROOT);
        assertThat(verdict.detail()).contains("issuer CN=kiosk of certificate CN=kiosk");
    }

    @Test
    void expiredClientCertificateIsExpired() {
        Credential bob = pki.client("bob").expired().build();

        Verdict verdict = validator(List.of(root), List.of(intermediate)).validate(bob.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(verdict.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(verdict.detail()).isEqualTo("certificate CN=bob expired at 2026-02-28T12:00:00Z");
        assertThat(verdict.offending()).contains(bob.certificate());
    }

    @Test
    void expiredIntermediateIsExpiredAndNamesTheCa() {
        Credential oldCa = Credential.builder().subject("CN=Old Issuing CA,O=certgate tests").certificateAuthority(0)
                .issuedBy(pki.root()).now(NOW).expired().build();
        Credential alice = Credential.builder().subject("CN=alice").clientAuth().issuedBy(oldCa).now(NOW).build();

        Verdict verdict = validator(List.of(root), List.of()).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(verdict.detail()).isEqualTo("CA certificate CN=Old Issuing CA expired at 2026-02-28T12:00:00Z");
        assertThat(verdict.offending()).contains(oldCa.certificate());
    }

    @Test
    void expiredIntermediateSentByTheClientIsPassedOverForTheRenewedOneOnTheServer() {
        // The same CA key re-certified: the client still sends the old certificate, the server has the new one.
        Credential stale = Credential.builder().subject("CN=Test Issuing CA,O=certgate tests").certificateAuthority(0)
                .keyPair(pki.intermediate().keyPair()).issuedBy(pki.root()).now(NOW).expired().build();
        Credential alice = pki.client("alice").build();

        Verdict verdict = validator(List.of(root), List.of(intermediate))
                .validate(List.of(alice.certificate(), stale.certificate()), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.path()).containsExactly(alice.certificate(), intermediate, root);
    }

    @Test
    void expiredTrustedRootIsExpiredAndNamesTheRoot() {
        // SPEC §4: 403.17 when "the leaf or a CA in its chain is expired"; IIS and nginx refuse an expired root too.
        Credential oldRoot = Credential.builder().subject("CN=Old Root CA").certificateAuthority(1).now(NOW)
                .expired().build();
        Credential issuing = Credential.builder().subject("CN=Issuing CA").certificateAuthority(0).issuedBy(oldRoot)
                .now(NOW).validity(NOW.minus(Duration.ofDays(20)), NOW.plus(Duration.ofDays(100))).build();
        Credential alice = Credential.builder().subject("CN=alice").clientAuth().issuedBy(issuing).now(NOW).build();

        Verdict verdict = validator(List.of(oldRoot.certificate()), List.of()).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(verdict.detail()).contains("CN=Old Root CA").contains("expired at 2026-02-28T12:00:00Z");
    }

    @Test
    void verdictHoldsNoLongerThanTheEarliestNotAfterOfThePath() {
        Instant soon = NOW.plus(Duration.ofMinutes(4));
        Credential alice = pki.client("alice").validity(NOW.minus(Duration.ofDays(1)), soon).build();

        Verdict verdict = validator(List.of(root), List.of(intermediate)).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.validUntil()).isEqualTo(soon);
    }

    @Test
    void notYetValidClientCertificateIsNotYetValidUntilItsNotBefore() {
        Credential carol = pki.client("carol").notYetValid().build();

        Verdict verdict = validator(List.of(root), List.of(intermediate)).validate(carol.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.NOT_YET_VALID);
        assertThat(verdict.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(verdict.detail()).isEqualTo("certificate CN=carol is not valid before 2026-03-02T12:00:00Z");
        assertThat(verdict.offending()).contains(carol.certificate());
    }

    @Test
    void notYetValidIntermediateIsNotYetValidAndNamesTheCa() {
        Credential newCa = Credential.builder().subject("CN=New Issuing CA").certificateAuthority(0)
                .issuedBy(pki.root()).now(NOW).notYetValid().build();
        Credential alice = Credential.builder().subject("CN=alice").clientAuth().issuedBy(newCa).now(NOW).build();

        Verdict verdict = validator(List.of(root), List.of()).validate(alice.chainWithoutRoot(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.NOT_YET_VALID);
        assertThat(verdict.detail()).isEqualTo("CA certificate CN=New Issuing CA is not valid before 2026-03-02T12:00:00Z");
    }

    @Test
    void validityIsJudgedAtTheGivenTimeNotTheWallClock() {
        Credential alice = pki.client("alice").build();
        Instant afterExpiry = alice.certificate().getNotAfter().toInstant().plus(Duration.ofSeconds(1));

        Verdict verdict = validator(List.of(root), List.of(intermediate)).validate(alice.chainWithoutRoot(), afterExpiry);

        assertThat(verdict.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(verdict.decidedAt()).isEqualTo(afterExpiry);
    }

    @Test
    void badSignatureOnTheClientCertificateNamesItAndItsIssuer() {
        // Same name as the real issuing CA, different key: names chain up, the signature does not.
        Credential impostor = Credential.builder().subject("CN=Test Issuing CA,O=certgate tests")
                .certificateAuthority(0).now(NOW).build();
        Credential mallory = Credential.builder().subject("CN=mallory").clientAuth().issuedBy(impostor).now(NOW).build();

        Verdict verdict = validator(List.of(root), List.of(intermediate)).validate(List.of(mallory.certificate()), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).isEqualTo("the signature on certificate CN=mallory does not verify with the key"
                + " of its issuer CN=Test Issuing CA");
        assertThat(verdict.offending()).contains(mallory.certificate());
    }

    @Test
    void badSignatureOnAnIntermediateNamesTheCa() {
        Credential deepRoot = Credential.builder().subject("CN=Deep Root").certificateAuthority(-1).now(NOW).build();
        Credential issuing = Credential.builder().subject("CN=Issuing CA 1").certificateAuthority(1)
                .issuedBy(deepRoot).now(NOW).build();
        Credential impostor = Credential.builder().subject("CN=Issuing CA 1").certificateAuthority(1).now(NOW).build();
        Credential subCa = Credential.builder().subject("CN=Sub CA").certificateAuthority(0)
                .issuedBy(impostor).now(NOW).build();
        Credential mallory = Credential.builder().subject("CN=mallory").clientAuth().issuedBy(subCa).now(NOW).build();

        Verdict verdict = validator(List.of(deepRoot.certificate()), List.of(issuing.certificate()))
                .validate(List.of(mallory.certificate(), subCa.certificate()), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(verdict.detail()).isEqualTo("the signature on CA certificate CN=Sub CA does not verify"
                + " with the key of its issuer CN=Issuing CA 1");
        assertThat(verdict.offending()).contains(subCa.certificate());
    }

    @Test
    void intermediateClaimingToBeIssuedByTheTrustedRootButSignedByAnotherKeyIsUntrusted() {
        Credential fakeRoot = Credential.builder().subject("CN=Test Root CA,O=certgate tests")
                .certificateAuthority(1).now(NOW).build();
        Credential rogueCa = Credential.builder().subject("CN=Rogue Issuing CA").certificateAuthority(0)
                .issuedBy(fakeRoot).now(NOW).build();
        Credential mallory = Credential.builder().subject("CN=mallory").clientAuth().issuedBy(rogueCa).now(NOW).build();

        Verdict verdict = validator(List.of(root), List.of()).validate(mallory.chainWithoutRoot(), AT);

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.reason()).isIn(Reason.BAD_SIGNATURE, Reason.NO_PATH_TO_TRUSTED_ROOT);
    }

    @Test
    void moreThanTenPresentedCertificatesAreRefusedBeforeAnyPathBuilding() {
        Credential alice = pki.client("alice").build();
        List<X509Certificate> presented = new ArrayList<>(alice.chainWithoutRoot());
        while (presented.size() < 11) {
            presented.add(pki.client("filler" + presented.size()).build().certificate());
        }

        Verdict verdict = validator(List.of(root), List.of()).validate(presented, AT);

        assertThat(verdict.reason()).isEqualTo(Reason.CHAIN_TOO_LONG);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).isEqualTo("the client sent 11 certificates, more than the 10 accepted");
    }

    @Test
    void tenPresentedCertificatesAreStillAccepted() {
        Credential alice = pki.client("alice").build();
        List<X509Certificate> presented = new ArrayList<>(alice.chainWithoutRoot());
        while (presented.size() < 10) {
            presented.add(pki.client("filler" + presented.size()).build().certificate());
        }

        Verdict verdict = validator(List.of(root), List.of()).validate(presented, AT);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
    }

    @Test
    void noCertificateIsMissing() {
        Verdict verdict = validator(List.of(root), List.of()).validate(List.of(), AT);

        assertThat(verdict.reason()).isEqualTo(Reason.NO_CERTIFICATE);
        assertThat(verdict.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(verdict.presented()).isFalse();
    }

    private static PathValidator validator(List<X509Certificate> roots, List<X509Certificate> intermediates) {
        return new PathValidator(TrustStore.of(roots, intermediates),
                ValidationPolicy.forClients(5, RevocationScope.CHAIN, OnUnavailable.DENY), RevocationChecker.NONE);
    }
}
