package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.Credential;
import io.certgate.pki.CrlReason;
import io.certgate.pki.PemFiles;
import io.certgate.testing.TestPki;
import io.certgate.x509.X509FileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Answers from CRL files: good, revoked (when, why, according to which file) or unknown (why). */
class CrlStoreTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant AT = NOW;

    @TempDir
    Path dir;

    private final TestPki pki = TestPki.create(NOW);
    private final Credential alice = pki.client("alice").build();
    private final X509Certificate intermediate = pki.intermediate().certificate();

    @ParameterizedTest(name = "{0} is named {1}")
    @CsvSource({
            "KEY_COMPROMISE,         keyCompromise",
            "CA_COMPROMISE,          cACompromise",
            "AFFILIATION_CHANGED,    affiliationChanged",
            "SUPERSEDED,             superseded",
            "CESSATION_OF_OPERATION, cessationOfOperation",
            "CERTIFICATE_HOLD,       certificateHold",
            "PRIVILEGE_WITHDRAWN,    privilegeWithdrawn",
    })
    void reasonCodesAreNamedAsRfc5280SpellsThem(CrlReason reason, String name) throws Exception {
        Instant revokedAt = NOW.minus(Duration.ofDays(2));
        CrlStore store = store(pki.intermediateCrl().revoke(alice.serial(), revokedAt, reason).build());

        RevocationStatus status = store.check(alice.certificate(), intermediate, AT);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.revocationReason()).contains(name);
        assertThat(status.revokedAt()).contains(revokedAt);
        assertThat(status.detail()).isEqualTo("revoked at 2026-02-27T12:00:00Z (" + name + ")");
    }

    @Test
    void unspecifiedReasonIsLeftOut() throws Exception {
        CrlStore store = store(pki.intermediateCrl().revoke(alice, CrlReason.UNSPECIFIED).build());

        RevocationStatus status = store.check(alice.certificate(), intermediate, AT);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.revocationReason()).isEmpty();
        assertThat(status.detail()).isEqualTo("revoked at 2026-03-01T11:55:00Z");
    }

    @Test
    void sourceNamesTheFileTheAnswerCameFrom() throws Exception {
        Path file = PemFiles.writeCrl(dir.resolve("intermediate.crl"), pki.intermediateCrl().build(), false);
        CrlStore store = CrlStore.load(List.of(file), 1);

        RevocationStatus status = store.check(alice.certificate(), intermediate, AT);

        assertThat(status.source()).isEqualTo("crl:" + file);
    }

    @Test
    void derAndPemFilesAnswerAlike() throws Exception {
        Credential bob = pki.client("bob").build();
        Path der = PemFiles.writeCrl(dir.resolve("intermediate.der"),
                pki.intermediateCrl().revoke(bob, CrlReason.SUPERSEDED).build(), true);
        Path pem = PemFiles.writeCrl(dir.resolve("root.pem"), pki.rootCrl().build(), false);
        CrlStore store = CrlStore.load(List.of(der, pem), 1);

        assertThat(store.check(bob.certificate(), intermediate, AT).source()).isEqualTo("crl:" + der);
        assertThat(store.check(bob.certificate(), intermediate, AT).state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(store.check(intermediate, pki.root().certificate(), AT).source()).isEqualTo("crl:" + pem);
        assertThat(store.check(intermediate, pki.root().certificate(), AT).state()).isEqualTo(RevocationStatus.State.GOOD);
    }

    @Test
    void certificateNotListedIsGoodUntilTheNextUpdate() throws Exception {
        Instant nextUpdate = NOW.plus(Duration.ofHours(6));
        CrlStore store = store(pki.intermediateCrl().nextUpdate(nextUpdate).build());

        RevocationStatus status = store.check(alice.certificate(), intermediate, AT);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(status.validUntil()).contains(nextUpdate);
        assertThat(status.detail()).isEqualTo("not revoked");
    }

    @Test
    void crlsOfOtherIssuersGiveNoAnswer() throws Exception {
        CrlStore store = store(pki.rootCrl().build());

        RevocationStatus status = store.check(alice.certificate(), intermediate, AT);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.source()).isEqualTo("none");
        assertThat(status.detail()).isEqualTo("no CRL is configured for issuer CN=Test Issuing CA");
    }

    @Test
    void crlIssuedAfterTheValidationTimeGivesNoAnswer() throws Exception {
        Instant later = NOW.plus(Duration.ofHours(1));
        CrlStore store = store(pki.intermediateCrl().thisUpdate(later).build());

        RevocationStatus status = store.check(alice.certificate(), intermediate, AT);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).endsWith(" is not valid before " + later);
    }

    @Test
    void currentCrlAnswersWhenAnOlderOneOfTheSameIssuerHasExpired() throws Exception {
        X509CRL old = pki.intermediateCrl().thisUpdate(NOW.minus(Duration.ofDays(10)))
                .nextUpdate(NOW.minus(Duration.ofDays(3))).build();
        X509CRL current = pki.intermediateCrl().number(java.math.BigInteger.TWO)
                .revoke(alice, CrlReason.AFFILIATION_CHANGED).build();

        RevocationStatus status = store(old, current).check(alice.certificate(), intermediate, AT);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.revocationReason()).contains("affiliationChanged");
    }

    @Test
    void storeReportsTheGenerationItWasBuiltWith() throws Exception {
        Path file = PemFiles.writeCrl(dir.resolve("intermediate.crl"), pki.intermediateCrl().build(), false);

        assertThat(CrlStore.load(List.of(file), 42).generation()).isEqualTo(42);
    }

    @Test
    void loadingAGarbageFileFailsNamingIt() throws Exception {
        Path good = PemFiles.writeCrl(dir.resolve("intermediate.crl"), pki.intermediateCrl().build(), false);
        Path garbage = Files.writeString(dir.resolve("garbage.crl"), "this is not a CRL\n");

        assertThatThrownBy(() -> CrlStore.load(List.of(good, garbage), 1)).isInstanceOf(X509FileException.class)
                .hasMessageStartingWith(garbage + ": ");
    }

    private CrlStore store(X509CRL... crls) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < crls.length; i++) {
            files.add(PemFiles.writeCrl(dir.resolve("crl" + i + ".crl"), crls[i], false));
        }
        return CrlStore.load(files, 1);
    }
}
