package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OcspMode;
import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationConfig;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.pki.PemFiles;
import io.certgate.testing.CrlServer;
import io.certgate.testing.OcspResponder;
import io.certgate.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site's checker as configured: files reloaded when they change, distribution points
 * downloaded, OCSP first or as a fallback, and what it says when nothing answers.
 */
class SiteRevocationTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** Connect and whole-answer timeout of the site's downloads: no test here waits for it to pass, so it is generous. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final TestPki pki = TestPki.create(NOW);
    private final Credential ca = pki.intermediate();
    private final CrlServer server = CrlServer.start();
    private final OcspResponder responder = OcspResponder.start(ca, NOW);
    private final ManualScheduler scheduler = new ManualScheduler(NOW);
    private final List<SiteRevocation> checkers = new ArrayList<>();

    @AfterEach
    void stop() {
        checkers.forEach(SiteRevocation::close);
        server.close();
        responder.close();
    }

    @Test
    void aRewrittenCrlFileIsReloadedAndChangesTheGeneration() throws Exception {
        Credential alice = pki.client("alice").build();
        Path file = PemFiles.writeCrl(dir.resolve("int.crl"), CrlMint.by(ca).at(NOW).number(1).build(), false);
        SiteRevocation checker = checker(config(List.of(), false, OcspMode.OFF), file);
        long before = checker.generation();
        assertThat(check(checker, alice).state()).isEqualTo(RevocationStatus.State.GOOD);

        replace(file, CrlMint.by(ca).at(NOW).number(2).revoke(alice, CrlMint.KEY_COMPROMISE).build());
        scheduler.advance(WatchedCrlFiles.CHECK_INTERVAL);

        assertThat(checker.generation()).isGreaterThan(before);
        assertThat(check(checker, alice).state()).isEqualTo(RevocationStatus.State.REVOKED);
    }

    @Test
    void aCrlFileRewrittenWithGarbageKeepsTheLastGoodCrls() throws Exception {
        Credential bob = pki.client("bob").build();
        Path file = PemFiles.writeCrl(dir.resolve("int.crl"), CrlMint.by(ca).at(NOW).revoke(bob, CrlMint.KEY_COMPROMISE).build(), false);
        SiteRevocation checker = checker(config(List.of(), false, OcspMode.OFF), file);
        long before = checker.generation();

        Files.writeString(file, "not a CRL any more\n");
        scheduler.advance(WatchedCrlFiles.CHECK_INTERVAL);

        assertThat(checker.generation()).isEqualTo(before);
        assertThat(check(checker, bob).state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(checker.crls()).singleElement().satisfies(s -> {
            assertThat(s.lastFailure()).hasValueSatisfying(f -> assertThat(f).startsWith(file + ": "));
            assertThat(s.failures()).isEqualTo(1);
        });
    }

    @Test
    void theDistributionPointACertificateNamesIsDownloadedAndChecked() {
        Credential carol = pki.client("carol").crlDistributionPoint(server.url("/int.crl")).build();
        server.serve("/int.crl", CrlMint.by(ca).at(NOW).revoke(carol, CrlMint.KEY_COMPROMISE).build());
        SiteRevocation checker = checker(config(List.of(), true, OcspMode.OFF));

        RevocationStatus status = check(checker, carol);

        assertThat(checker.hasSourceFor(carol.certificate())).isTrue();
        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.source()).isEqualTo("crl:" + server.url("/int.crl"));
    }

    @Test
    void aHostlessLdapUrlWithoutLdapServerIsSkippedWhenTheNextUrlOfThePointGivesTheCrl() {
        // As AD CS issues them: ldap:/// first, http second, in one distribution point.
        String hostless = "ldap:///CN=Issuing%20CA,CN=CDP,DC=corp,DC=example?certificateRevocationList";
        Credential dana = pki.client("dana").extension(org.bouncycastle.asn1.x509.Extension.cRLDistributionPoints, false,
                new org.bouncycastle.asn1.x509.CRLDistPoint(new org.bouncycastle.asn1.x509.DistributionPoint[] {
                    new org.bouncycastle.asn1.x509.DistributionPoint(new org.bouncycastle.asn1.x509.DistributionPointName(
                            new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName[] {
                                uri(hostless), uri(server.url("/int.crl"))})), null, null)})).build();
        server.serve("/int.crl", CrlMint.by(ca).at(NOW).revoke(dana, CrlMint.KEY_COMPROMISE).build());
        SiteRevocation checker = checker(config(List.of(), true, OcspMode.OFF));

        RevocationStatus status = check(checker, dana);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.source()).isEqualTo("crl:" + server.url("/int.crl"));
    }

    @Test
    void aHostlessLdapUrlAloneWithoutLdapServerIsUnknownSayingWhy() {
        String hostless = "ldap:///CN=Issuing%20CA,CN=CDP,DC=corp,DC=example?certificateRevocationList";
        Credential otto = pki.client("otto").crlDistributionPoint(hostless).build();
        SiteRevocation checker = checker(config(List.of(), true, OcspMode.OFF));

        RevocationStatus status = check(checker, otto);

        assertThat(checker.hasSourceFor(otto.certificate())).isTrue();
        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).contains("the CRL at " + hostless + " names no server (AD's hostless ldap:/// form)"
                + " and revocation.ldapServer is not set");
    }

    private static org.bouncycastle.asn1.x509.GeneralName uri(String text) {
        return new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, text);
    }

    @Test
    void anUnreachableDistributionPointIsUnknownNamingTheUrlAndTheFailure() {
        String dead = CrlServer.deadUrl("/int.crl");
        Credential carol = pki.client("carol").crlDistributionPoint(dead).build();
        SiteRevocation checker = checker(config(List.of(), true, OcspMode.OFF));

        RevocationStatus status = check(checker, carol);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.source()).isEqualTo("crl:" + dead);
        assertThat(status.detail()).startsWith("the CRL at " + dead + " cannot be reached: ");
    }

    @Test
    void afterTheGraceTheStaleDownloadIsNoLongerUsedAndTheFailureIsNamed() {
        Credential carol = pki.client("carol").crlDistributionPoint(server.url("/int.crl")).build();
        Instant nextUpdate = NOW.plus(Duration.ofHours(2));
        server.serve("/int.crl", CrlMint.by(ca).validity(NOW.minus(Duration.ofHours(1)), nextUpdate).build());
        SiteRevocation checker = checker(config(List.of(), true, OcspMode.OFF));
        assertThat(check(checker, carol).state()).isEqualTo(RevocationStatus.State.GOOD);
        server.serveGarbage("/int.crl");

        scheduler.advanceTo(nextUpdate.plus(RevocationConfig.DEFAULT_GRACE).minusSeconds(1));
        assertThat(checker.check(carol.certificate(), ca.certificate(), scheduler.now()).state())
                .isEqualTo(RevocationStatus.State.GOOD);

        scheduler.advanceTo(nextUpdate.plus(RevocationConfig.DEFAULT_GRACE).plusSeconds(1));
        RevocationStatus status = checker.check(carol.certificate(), ca.certificate(), scheduler.now());

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).startsWith("the CRL at " + server.url("/int.crl") + " cannot be read as a CRL: ");
    }

    @Test
    void withOcspAsFallbackACrlAnswerDecidesAndTheResponderIsNotAsked() throws Exception {
        Credential dave = pki.client("dave").ocspResponder(responder.url()).build();
        Path file = PemFiles.writeCrl(dir.resolve("int.crl"), CrlMint.by(ca).at(NOW).revoke(dave, CrlMint.KEY_COMPROMISE).build(), false);

        RevocationStatus status = check(checker(config(List.of(), false, OcspMode.FALLBACK), file), dave);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(responder.requests()).isZero();
    }

    @Test
    void withOcspAsFallbackTheResponderAnswersWhenNoCrlDoes() {
        Credential dave = pki.client("dave").ocspResponder(responder.url()).build();
        responder.answer(dave, OcspResponder.Answer.REVOKED);
        SiteRevocation checker = checker(config(List.of(), false, OcspMode.FALLBACK));

        RevocationStatus status = check(checker, dave);

        assertThat(checker.hasSourceFor(dave.certificate())).isTrue();
        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.source()).isEqualTo("ocsp:" + responder.url());
    }

    @Test
    void withOcspPreferredTheResponderDecidesFirst() throws Exception {
        Credential dave = pki.client("dave").ocspResponder(responder.url()).build();
        responder.answer(dave, OcspResponder.Answer.REVOKED);
        Path file = PemFiles.writeCrl(dir.resolve("int.crl"), CrlMint.by(ca).at(NOW).build(), false);

        assertThat(check(checker(config(List.of(), false, OcspMode.PREFER), file), dave).state())
                .isEqualTo(RevocationStatus.State.REVOKED);
    }

    @Test
    void withOcspPreferredTheCrlsAnswerWhenTheResponderCannot() throws Exception {
        Credential erin = pki.client("erin").ocspResponder(CrlServer.deadUrl("/ocsp")).build();
        Path file = PemFiles.writeCrl(dir.resolve("int.crl"), CrlMint.by(ca).at(NOW).build(), false);

        assertThat(check(checker(config(List.of(), false, OcspMode.PREFER), file), erin).state())
                .isEqualTo(RevocationStatus.State.GOOD);
    }

    @Test
    void whenNeitherAnswersBothReasonsAreGiven() {
        String dead = CrlServer.deadUrl("/ocsp");
        Credential erin = pki.client("erin").ocspResponder(dead).build();

        RevocationStatus status = check(checker(config(List.of(), false, OcspMode.FALLBACK)), erin);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).startsWith("no CRL is configured for issuer CN=Test Issuing CA; and OCSP: the OCSP responder "
                + dead + " cannot be reached: ");
    }

    @Test
    void snapshotsListFilesAndDownloads() throws Exception {
        Credential carol = pki.client("carol").crlDistributionPoint(server.url("/int.crl")).build();
        server.serve("/int.crl", CrlMint.by(ca).at(NOW).revoke(carol, CrlMint.KEY_COMPROMISE).build());
        Path file = PemFiles.writeCrl(dir.resolve("root.crl"), CrlMint.by(pki.root()).at(NOW).build(), false);
        SiteRevocation checker = checker(config(List.of(), true, OcspMode.OFF), file);
        check(checker, carol);

        assertThat(checker.crls()).extracting(CrlSnapshot::source, CrlSnapshot::entries)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("crl:" + file, 0),
                        org.assertj.core.groups.Tuple.tuple("crl:" + server.url("/int.crl"), 1));
    }

    private RevocationStatus check(SiteRevocation checker, Credential client) {
        return checker.check(client.certificate(), ca.certificate(), scheduler.now());
    }

    private static RevocationConfig config(List<io.certgate.config.FileRef> files, boolean fetch, OcspMode ocsp) {
        return new RevocationConfig(files, fetch, ocsp, OnUnavailable.DENY, Duration.ofHours(1), RevocationScope.CHAIN,
                RevocationConfig.DEFAULT_GRACE, TIMEOUT, TIMEOUT, RevocationConfig.DEFAULT_MAX_CRL_SIZE, false, Optional.empty(),
                Optional.empty());
    }

    private SiteRevocation checker(RevocationConfig config, Path... files) {
        List<CrlFile> read = new ArrayList<>();
        try {
            for (Path file : files) {
                read.add(CrlFile.read(file));
            }
        } catch (io.certgate.x509.X509FileException e) {
            throw new AssertionError(e);
        }
        SiteRevocation checker = new SiteRevocation(config, read,
                List.of(pki.root().certificate(), ca.certificate()), scheduler.clock(), scheduler, Runnable::run, null);
        checkers.add(checker);
        return checker;
    }

    /** Replaces a file the way a CA publishing tool does: a new file renamed over the old one. */
    private void replace(Path file, X509CRL crl) throws Exception {
        Path next = PemFiles.writeCrl(dir.resolve(file.getFileName() + ".new"), crl, false);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
