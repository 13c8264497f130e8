package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.pki.PemFiles;
import io.certgate.testing.TestPki;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRL processing rules beyond a plain list (RFC 5280 §6.3.3) on CRLs minted here: delta CRLs,
 * newest CRL per scope, distribution point scopes, partial reason coverage. NIST PKITS covers
 * the same rules on its own data (PkitsConformanceTest); these name each rule in one test.
 */
class CrlCheckTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String CDP = "http://pki.example.com/issuing.crl";

    @TempDir
    Path dir;

    private final TestPki pki = TestPki.create(NOW);
    private final Credential ca = pki.intermediate();
    private final Credential alice = pki.client("alice").build();
    private final Credential bob = pki.client("bob").build();
    private final List<Path> files = new ArrayList<>();

    @Test
    void aDeltaCrlRevokesWhatItsBaseDoesNotYetList() throws Exception {
        file("base.crl", CrlMint.by(ca).at(NOW).number(1).build());
        Path delta = file("delta.crl", CrlMint.by(ca).at(NOW).number(2).delta(1).revoke(alice, CrlMint.KEY_COMPROMISE).build());

        RevocationStatus status = check(alice);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.source()).isEqualTo("crl:" + delta);
    }

    @Test
    void removeFromCrlInADeltaTakesACertificateOffHold() throws Exception {
        Path base = file("base.crl", CrlMint.by(ca).at(NOW).number(1).revoke(alice, CrlMint.CERTIFICATE_HOLD).build());
        Path delta = file("delta.crl", CrlMint.by(ca).at(NOW).number(2).delta(1).revoke(alice, CrlMint.REMOVE_FROM_CRL).build());

        RevocationStatus status = check(alice);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(status.source()).isEqualTo("crl:" + base + ", crl:" + delta);
    }

    @Test
    void removeFromCrlInACompleteCrlMeansNothing() throws Exception {
        file("base.crl", CrlMint.by(ca).at(NOW).revoke(alice, CrlMint.REMOVE_FROM_CRL).build());

        assertThat(check(alice).state()).isEqualTo(RevocationStatus.State.GOOD);
    }

    @Test
    void aDeltaForANewerBaseIsNotAppliedToAnOlderOne() throws Exception {
        file("base.crl", CrlMint.by(ca).at(NOW).number(1).build());
        file("delta.crl", CrlMint.by(ca).at(NOW).number(4).delta(3).revoke(alice, CrlMint.KEY_COMPROMISE).build());

        assertThat(check(alice).state()).isEqualTo(RevocationStatus.State.GOOD);
    }

    @Test
    void aDeltaCrlAloneIsNoAnswer() throws Exception {
        file("delta.crl", CrlMint.by(ca).at(NOW).number(2).delta(1).build());

        RevocationStatus status = check(alice);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).isEqualTo("no CRL is configured for issuer CN=Test Issuing CA");
    }

    @Test
    void ofTwoCurrentCrlsOfTheSameScopeTheNewerDecides() throws Exception {
        file("old.crl", CrlMint.by(ca).at(NOW.minus(Duration.ofDays(1))).number(1).revoke(alice, CrlMint.CERTIFICATE_HOLD).build());
        Path newer = file("new.crl", CrlMint.by(ca).at(NOW).number(2).build());

        RevocationStatus status = check(alice);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(status.source()).isEqualTo("crl:" + newer);
    }

    @Test
    void aCrlScopedToTheCertificatesDistributionPointCoversIt() throws Exception {
        Credential carol = pki.client("carol").crlDistributionPoint(CDP).build();
        file("scoped.crl", CrlMint.by(ca).at(NOW).scope(scope(CDP, null)).revoke(carol, CrlMint.KEY_COMPROMISE).build());

        assertThat(check(carol).state()).isEqualTo(RevocationStatus.State.REVOKED);
    }

    @Test
    void aCrlScopedToAnotherDistributionPointDoesNotCoverIt() throws Exception {
        Credential carol = pki.client("carol").crlDistributionPoint(CDP).build();
        Path other = file("other.crl", CrlMint.by(ca).at(NOW).scope(scope("http://pki.example.com/other.crl", null)).build());

        RevocationStatus status = check(carol);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).isEqualTo("the CRL crl:" + other + " covers another distribution point than the certificate's");
    }

    @Test
    void crlsCoveringOnlySomeReasonsLeaveTheStatusUnknown() throws Exception {
        file("compromise.crl", CrlMint.by(ca).at(NOW)
                .scope(scope(null, new ReasonFlags(ReasonFlags.keyCompromise | ReasonFlags.cACompromise))).build());

        RevocationStatus status = check(alice);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).startsWith("the CRLs of CN=Test Issuing CA that apply cover only some revocation reasons");
    }

    @Test
    void aCrlOfCaCertificatesOnlyDoesNotCoverAClient() throws Exception {
        Path caOnly = file("ca-only.crl", CrlMint.by(ca).at(NOW)
                .scope(new IssuingDistributionPoint(null, false, true, null, false, false)).build());

        RevocationStatus status = check(alice);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).isEqualTo("the CRL crl:" + caOnly + " covers only CA certificates");
    }

    @Test
    void aCrlWithAnUnknownCriticalExtensionIsNotUsedEvenForCertificatesItDoesNotList() throws Exception {
        Path odd = file("odd.crl", CrlMint.by(ca).at(NOW).unknownCriticalExtension().build());

        RevocationStatus status = check(bob);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).startsWith("the CRL crl:" + odd + " cannot be used: the CRL has the critical extension");
    }

    @Test
    void aCrlWithoutACrlNumberIsNotUsedAndTheStatusIsUnknown() throws Exception {
        Path unnumbered = file("unnumbered.crl", CrlMint.by(ca).at(NOW).withoutNumber().revoke(alice, CrlMint.KEY_COMPROMISE).build());

        RevocationStatus status = check(alice);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).isEqualTo("the CRL crl:" + unnumbered + " cannot be used: the CRL has no cRLNumber"
                + " extension, which RFC 5280 §5.2.3 requires of every CRL");
    }

    @Test
    void aCrlWithACriticalCrlNumberIsNotUsedAndTheStatusIsUnknown() throws Exception {
        Path critical = file("critical.crl", CrlMint.by(ca).at(NOW).criticalNumber().build());

        RevocationStatus status = check(bob);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).isEqualTo("the CRL crl:" + critical + " cannot be used: the CRL marks its cRLNumber"
                + " extension critical, which RFC 5280 §5.2.3 forbids");
    }

    @Test
    void aGoodAnswerHoldsUntilTheEarliestNextUpdateOfTheCrlsUsed() throws Exception {
        Instant baseNext = NOW.plus(Duration.ofDays(3));
        Instant deltaNext = NOW.plus(Duration.ofHours(2));
        file("base.crl", CrlMint.by(ca).validity(NOW.minus(Duration.ofDays(1)), baseNext).number(1).build());
        file("delta.crl", CrlMint.by(ca).validity(NOW.minus(Duration.ofHours(1)), deltaNext).number(2).delta(1).build());

        assertThat(check(alice).validUntil()).contains(deltaNext);
    }

    @Test
    void aStoreHasASourceForCertificatesOfIssuersItHoldsCrlsOf() throws Exception {
        file("base.crl", CrlMint.by(ca).at(NOW).build());
        CrlStore store = CrlStore.load(files, 1);

        assertThat(store.hasSourceFor(alice.certificate())).isTrue();
        assertThat(store.hasSourceFor(ca.certificate())).as("the root published none").isFalse();
        assertThat(store.crls()).extracting(CrlSnapshot::source).containsExactly("crl:" + files.get(0));
    }

    private static IssuingDistributionPoint scope(String uri, ReasonFlags reasons) {
        DistributionPointName name = uri == null ? null : new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
        return new IssuingDistributionPoint(name, false, false, reasons, false, false);
    }

    private Path file(String name, X509CRL crl) throws Exception {
        Path file = PemFiles.writeCrl(dir.resolve(name), crl, true);
        files.add(file);
        return file;
    }

    private RevocationStatus check(Credential client) throws Exception {
        return CrlStore.load(files, 1).check(client.certificate(), ca.certificate(), NOW);
    }
}
