package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.revocation.RevocationChecker;
import io.certgate.testing.TestPki;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The work budget of path building (PathBudget): chains built to make the search explode end in
 * chain-too-complex or no-path within the budget, and real chains are untouched by it.
 */
class PathValidatorBudgetTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String SAME_NAME = "CN=Same Name CA";

    private final TestPki pki = TestPki.create(NOW);
    private final X509Certificate root = pki.root().certificate();

    @Test
    void tenSameSubjectCertificatesWithDistinctKeysAreTooComplex() {
        List<X509Certificate> presented = sameSubjectChain(9, false);

        Verdict verdict = validator(List.of()).validate(presented, NOW);

        assertThat(verdict.reason()).isEqualTo(Reason.CHAIN_TOO_COMPLEX);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).isEqualTo("the chain is too complex: certgate stopped after following "
                + PathBudget.MAX_BUILD_STEPS + " issuer links and checking 0 signatures (at most "
                + PathBudget.MAX_BUILD_STEPS + " and " + PathBudget.MAX_SIGNATURE_CHECKS + " per verdict) without"
                + " finding a valid path to a trusted root");
        assertThat(verdict.offending()).contains(presented.get(0));
    }

    @Test
    void aHundredSameSubjectIntermediatesKnownToTheServerStopAtTheBudget() {
        // verify --intermediates takes more than the 10 certificates a client may send.
        List<X509Certificate> chain = sameSubjectChain(100, false);
        PathBudget budget = new PathBudget();

        List<Candidate> candidates = new PathBuilder(TrustStore.of(List.of(root), chain.subList(1, chain.size())),
                List.of(chain.get(0)), budget).candidates();

        assertThat(candidates).isEmpty();
        assertThat(budget.exhausted()).isTrue();
        assertThat(budget.buildSteps()).isEqualTo(PathBudget.MAX_BUILD_STEPS);
        assertThat(validator(chain.subList(1, chain.size())).validate(List.of(chain.get(0)), NOW).reason())
                .isEqualTo(Reason.CHAIN_TOO_COMPLEX);
    }

    @Test
    void sameSubjectCertificatesWithOneKeyAreALoopAndCostOneStepEach() {
        // RFC 4158 §2.4.2: the same subject and key twice on a path is a loop; nine of them are nine dead ends.
        List<X509Certificate> presented = sameSubjectChain(9, true);
        PathBudget budget = new PathBudget();

        List<Candidate> candidates = new PathBuilder(TrustStore.of(List.of(root), List.of()), presented, budget).candidates();

        assertThat(candidates).isEmpty();
        assertThat(budget.buildSteps()).isEqualTo(9);
        assertThat(budget.exhausted()).isFalse();
        assertThat(validator(List.of()).validate(presented, NOW).reason()).isEqualTo(Reason.NO_PATH_TO_TRUSTED_ROOT);
    }

    @Test
    void aCertificateSentTenTimesIsSearchedOnce() {
        Credential alice = pki.client("alice").build();
        List<X509Certificate> presented = new ArrayList<>(List.of(alice.certificate()));
        presented.addAll(Collections.nCopies(8, pki.intermediate().certificate()));
        presented.add(alice.certificate());
        PathBudget budget = new PathBudget();

        List<Candidate> candidates = new PathBuilder(TrustStore.of(List.of(root), List.of()), presented, budget).candidates();

        assertThat(candidates).hasSize(1);
        assertThat(budget.buildSteps()).isEqualTo(1);
        assertThat(validator(List.of()).validate(presented, NOW).reason()).isEqualTo(Reason.OK);
    }

    @Test
    void twoCasThatIssuedEachOtherAreNotFollowedRoundTheLoop() {
        Credential a = Credential.builder().subject("CN=Loop A").certificateAuthority(-1).now(NOW).build();
        Credential b = Credential.builder().subject("CN=Loop B").certificateAuthority(-1).issuedBy(a).now(NOW).build();
        Credential aByB = Credential.builder().subject("CN=Loop A").keyPair(a.keyPair()).certificateAuthority(-1)
                .issuedBy(b).now(NOW).build();
        Credential mallory = Credential.builder().subject("CN=mallory").clientAuth().issuedBy(aByB).now(NOW).build();
        PathBudget budget = new PathBudget();

        List<Candidate> candidates = new PathBuilder(TrustStore.of(List.of(root), List.of()),
                List.of(mallory.certificate(), aByB.certificate(), b.certificate(), a.certificate()), budget).candidates();

        assertThat(candidates).isEmpty();
        assertThat(budget.exhausted()).isFalse();
        assertThat(budget.buildSteps()).isLessThanOrEqualTo(3);
    }

    @Test
    void aValidChainFoundWithinTheBudgetIsValidThoughTheRestIsTooComplex() {
        // Same-named CAs, and the real one, issued by the trusted root, among them.
        Credential real = Credential.builder().subject(SAME_NAME).certificateAuthority(-1).issuedBy(pki.root()).now(NOW).build();
        Credential alice = Credential.builder().subject("CN=alice").clientAuth().issuedBy(real).now(NOW).build();
        List<X509Certificate> presented = new ArrayList<>(sameSubjectChain(8, false).subList(1, 9));
        presented.add(0, real.certificate());
        presented.add(0, alice.certificate());

        Verdict verdict = validator(List.of()).validate(presented, NOW);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.path()).containsExactly(alice.certificate(), real.certificate(), root);
    }

    @Test
    void signatureChecksAreCountedAcrossCandidates() {
        // Eight trusted roots share one name, and none signed the top of a 12-CA chain the server
        // knows: eight candidates of 13 signatures each, more than the budget holds.
        List<X509Certificate> roots = new ArrayList<>();
        for (int i = 0; i < PathValidator.MAX_CANDIDATE_PATHS; i++) {
            roots.add(Credential.builder().subject("CN=Twin Root").certificateAuthority(-1).now(NOW).build().certificate());
        }
        Credential issuer = Credential.builder().subject("CN=Twin Root").certificateAuthority(-1).now(NOW).build();
        List<X509Certificate> intermediates = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            issuer = Credential.builder().subject("CN=CA " + i).certificateAuthority(-1).issuedBy(issuer).now(NOW).build();
            intermediates.add(issuer.certificate());
        }
        Credential mallory = Credential.builder().subject("CN=mallory").clientAuth().issuedBy(issuer).now(NOW).build();
        PathValidator validator = new PathValidator(TrustStore.of(roots, intermediates),
                ValidationPolicy.forClients(20, RevocationScope.CHAIN, OnUnavailable.DENY), RevocationChecker.NONE);

        Verdict verdict = validator.validate(List.of(mallory.certificate()), NOW);

        int tried = PathBudget.MAX_SIGNATURE_CHECKS / 13;
        assertThat(tried).isLessThan(PathValidator.MAX_CANDIDATE_PATHS);
        assertThat(verdict.reason()).isEqualTo(Reason.CHAIN_TOO_COMPLEX);
        assertThat(verdict.detail()).contains("checking " + tried * 13 + " signatures");
    }

    /**
     * A client certificate and {@code intermediates} CAs all named {@link #SAME_NAME}, the first
     * self-signed and each next one issued by the one before, the client's issuer last; client
     * first, then the CAs newest first. None reaches the trusted root.
     */
    private List<X509Certificate> sameSubjectChain(int intermediates, boolean oneKey) {
        KeyPair key = Credential.builder().now(NOW).build().keyPair();
        Credential issuer = null;
        List<X509Certificate> cas = new ArrayList<>();
        for (int i = 0; i < intermediates; i++) {
            Credential.Builder ca = Credential.builder().subject(SAME_NAME).certificateAuthority(-1).now(NOW);
            if (oneKey) {
                ca.keyPair(key);
            }
            if (issuer != null) {
                ca.issuedBy(issuer);
            }
            issuer = ca.build();
            cas.add(0, issuer.certificate());
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(Credential.builder().subject("CN=mallory").clientAuth().issuedBy(issuer).now(NOW).build().certificate());
        chain.addAll(cas);
        return chain;
    }

    private PathValidator validator(List<X509Certificate> intermediates) {
        return new PathValidator(TrustStore.of(List.of(root), intermediates),
                ValidationPolicy.forClients(5, RevocationScope.CHAIN, OnUnavailable.DENY), RevocationChecker.NONE);
    }
}
