package io.certgate.http;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.pki.CrlReason;
import io.certgate.revocation.CrlFile;
import io.certgate.revocation.CrlStore;
import io.certgate.testing.TestPki;
import io.certgate.validation.ClientCertificateJudge;
import io.certgate.validation.PathValidator;
import io.certgate.validation.TrustStore;
import io.certgate.validation.ValidationPolicy;
import io.certgate.validation.Verdict;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Real verdicts on minted certificates: a site that trusts {@link TestPki}'s root, with the
 * intermediate's CRL, judging chains at a fixed time. One per test class; minting keys is the slow part.
 */
final class ClientCertificates {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    final TestPki pki = TestPki.create(NOW);
    final Credential alice = pki.client("alice").build();
    final Credential expired = pki.client("bob").expired().build();
    final Credential revoked = pki.client("carol").build();
    final Credential stranger = TestPki.create(NOW, "Elsewhere").client("mallory").build();
    final PathValidator validator;

    ClientCertificates() {
        X509CRL crl = pki.intermediateCrl().revoke(revoked, CrlReason.KEY_COMPROMISE).build();
        validator = new PathValidator(
                TrustStore.of(List.of(pki.root().certificate()), List.of()),
                ValidationPolicy.forClients(5, RevocationScope.LEAF, OnUnavailable.DENY),
                CrlStore.of(List.of(new CrlFile(Path.of("intermediate.crl"), List.of(crl))), 1));
    }

    /** The verdict on what a TLS client holding {@code credential} would present (its chain without the root). */
    Verdict verdictOn(Credential credential) {
        return validator.validate(credential.chainWithoutRoot(), NOW);
    }

    /** A judge for {@link io.certgate.http.Site}, backed by the same validator. */
    ClientCertificateJudge judge() {
        return chain -> CompletableFuture.completedFuture(validator.validate(chain, NOW));
    }
}
