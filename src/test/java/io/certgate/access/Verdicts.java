package io.certgate.access;

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
import io.certgate.x509.CertificateFacts;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;

/**
 * Real verdicts of every outcome, from a validator that trusts {@link TestPki}'s root at a
 * fixed time. Minting keys is the slow part: one per test class.
 */
final class Verdicts {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    final TestPki pki = TestPki.create(NOW);
    final Credential alice = pki.client("alice").build();
    final Credential expiredBob = pki.client("bob").expired().build();
    final Credential revokedCarol = pki.client("carol").build();
    final Credential strangerEve = TestPki.create(NOW, "Elsewhere").client("eve").build();

    final Verdict valid;
    final Verdict missing = Verdict.missing();
    final Verdict expired;
    final Verdict revoked;
    final Verdict untrusted;
    final Verdict revocationUnknown;

    private final PathValidator validator;

    Verdicts() {
        X509CRL crl = pki.intermediateCrl().revoke(revokedCarol, CrlReason.KEY_COMPROMISE).build();
        TrustStore trust = TrustStore.of(List.of(pki.root().certificate()), List.of());
        ValidationPolicy policy = ValidationPolicy.forClients(5, RevocationScope.LEAF, OnUnavailable.DENY);
        validator = new PathValidator(trust, policy,
                CrlStore.of(List.of(new CrlFile(Path.of("intermediate.crl"), List.of(crl))), 1));
        PathValidator withoutCrls = new PathValidator(trust, policy, CrlStore.of(List.of(), 1));
        valid = validator.validate(alice.chainWithoutRoot(), NOW);
        expired = validator.validate(expiredBob.chainWithoutRoot(), NOW);
        revoked = validator.validate(revokedCarol.chainWithoutRoot(), NOW);
        untrusted = validator.validate(strangerEve.chainWithoutRoot(), NOW);
        revocationUnknown = withoutCrls.validate(alice.chainWithoutRoot(), NOW);
    }

    /** The validator behind these verdicts, for certificates a test mints itself. */
    PathValidator validator() {
        return validator;
    }

    /** Alice's certificate, as the mapper would see it. */
    CertificateFacts aliceFacts() {
        return valid.client().orElseThrow();
    }
}
