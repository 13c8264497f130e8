package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.revocation.RevocationChecker;
import io.certgate.testing.TestPki;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The profile checks (validation.profile) as the engine applies them: reason profile-violation, 403.16, the certificate named. */
class PathValidatorProfileTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final TestPki pki = TestPki.create(NOW);

    @Test
    void caWithoutSubjectKeyIdentifierInThePathIsAProfileViolation() {
        Credential ca = Credential.builder().subject("CN=No SKI CA").certificateAuthority(0).withoutSubjectKeyIdentifier()
                .issuedBy(pki.root()).now(NOW).build();
        Credential alice = Credential.builder().subject("CN=alice").clientAuth().issuedBy(ca).now(NOW).build();

        Verdict verdict = validator(ValidationPolicy.Purpose.CLIENT_AUTH).validate(alice.chainWithoutRoot(), NOW);

        assertThat(verdict.reason()).isEqualTo(Reason.PROFILE_VIOLATION);
        assertThat(verdict.reason().label()).isEqualTo("profile-violation");
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.offending()).contains(ca.certificate());
        assertThat(verdict.detail()).isEqualTo("CA certificate CN=No SKI CA has no subjectKeyIdentifier extension,"
                + " which every CA certificate must have (RFC 5280 §4.2.1.2)");
    }

    @Test
    void criticalAuthorityKeyIdentifierIsAProfileViolationNotAnUnknownCriticalExtension() {
        Credential alice = pki.client("alice").criticalKeyIdentifiers().build();

        Verdict verdict = validator(ValidationPolicy.Purpose.CLIENT_AUTH).validate(alice.chainWithoutRoot(), NOW);

        assertThat(verdict.reason()).isEqualTo(Reason.PROFILE_VIOLATION);
        assertThat(verdict.detail()).startsWith("certificate CN=alice marks its authorityKeyIdentifier extension critical");
    }

    @ParameterizedTest
    @EnumSource(ValidationPolicy.Purpose.class)
    void emptyExtendedKeyUsageIsAProfileViolationForEveryPurpose(ValidationPolicy.Purpose purpose) {
        Credential alice = pki.client("alice").emptyExtendedKeyUsage().build();

        Verdict verdict = validator(purpose).validate(alice.chainWithoutRoot(), NOW);

        assertThat(verdict.reason()).isEqualTo(Reason.PROFILE_VIOLATION);
        assertThat(verdict.offending()).contains(alice.certificate());
        assertThat(verdict.detail()).isEqualTo("certificate CN=alice has an extendedKeyUsage extension that lists no"
                + " purpose (RFC 5280 §4.2.1.12)");
    }

    @Test
    void aConformingPathFoundAfterANonConformingOneIsValid() {
        // Two intermediates with one name and key (and so one key identifier): the client sent the
        // non-conforming one first, so it is the first candidate.
        Credential bare = Credential.builder().subject("CN=Test Issuing CA,O=certgate tests").keyPair(pki.intermediate().keyPair())
                .certificateAuthority(0).criticalKeyIdentifiers().issuedBy(pki.root()).now(NOW).build();
        Credential alice = pki.client("alice").build();

        Verdict verdict = validator(ValidationPolicy.Purpose.CLIENT_AUTH)
                .validate(List.of(alice.certificate(), bare.certificate(), pki.intermediate().certificate()), NOW);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.path()).containsExactly(alice.certificate(), pki.intermediate().certificate(),
                pki.root().certificate());
    }

    private PathValidator validator(ValidationPolicy.Purpose purpose) {
        return new PathValidator(TrustStore.of(List.of(pki.root().certificate()), List.of()),
                new ValidationPolicy(purpose, 5, RevocationScope.CHAIN, OnUnavailable.DENY,
                        ValidationPolicy.CertificatePolicies.ANY, ValidationPolicy.DEFAULT_VERDICT_TTL),
                RevocationChecker.NONE);
    }
}
