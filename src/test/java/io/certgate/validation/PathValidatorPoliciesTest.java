package io.certgate.validation;

import static io.certgate.testing.PolicyPki.CORP_AUTH;
import static io.certgate.testing.PolicyPki.PIV_AUTH;
import static io.certgate.testing.PolicyPki.PIV_CARD_AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.revocation.RevocationChecker;
import io.certgate.testing.PolicyPki;
import io.certgate.testing.TestPki;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The RFC 5280 §6.1.1 policy inputs (initial-policy-set, explicit policy, mapping and anyPolicy
 * inhibition) as {@code clientCertificates.policies} passes them, the 403.16 {@code policy}
 * verdict and its sentence, and the valid policy set every validated path records.
 */
class PathValidatorPoliciesTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final TestPki pki = TestPki.create(NOW);
    private final PolicyPki policies = PolicyPki.under(pki);

    @Test
    void aCertificateWithTheRequiredPolicyIsValidAndItsPathRecordsThePoliciesItIsValidFor() {
        Credential alice = policies.client("alice", policies.policyCa(), PIV_AUTH);

        Verdict verdict = validator(required(PIV_AUTH)).validate(alice.chainWithoutRoot(), NOW);

        assertThat(verdict.reason()).as(verdict.detail()).isEqualTo(Reason.OK);
        assertThat(verdict.validPolicies()).contains(new PolicySet(false, Set.of(PIV_AUTH)));
    }

    @Test
    void aCertificateWithoutTheRequiredPolicyIsRefusedNamingWhatWasRequiredAndWhatThePathIsValidFor() {
        Credential bob = policies.client("bob", policies.policyCa(), PIV_CARD_AUTH);

        Verdict verdict = validator(required(PIV_AUTH)).validate(bob.chainWithoutRoot(), NOW);

        assertThat(verdict.reason()).isEqualTo(Reason.POLICY);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).isEqualTo("certificate CN=bob is not valid for the required certificate policy "
                + PIV_AUTH + " (requireExplicit): its path is valid for policy " + PIV_CARD_AUTH);
        assertThat(verdict.validPolicies()).contains(new PolicySet(false, Set.of(PIV_CARD_AUTH)));
    }

    @Test
    void aCertificateWithoutAnyPolicyIsValidForNoPolicyAndRefusedWhereOneIsRequired() {
        Credential carol = pki.client("carol").build(); // the plain intermediate asserts no policy either

        Verdict anyPolicy = validator(ValidationPolicy.CertificatePolicies.ANY).validate(carol.chainWithoutRoot(), NOW);
        Verdict required = validator(required(PIV_AUTH, PIV_CARD_AUTH)).validate(carol.chainWithoutRoot(), NOW);

        assertThat(anyPolicy.reason()).isEqualTo(Reason.OK);
        assertThat(anyPolicy.validPolicies()).contains(PolicySet.NONE);
        assertThat(required.reason()).isEqualTo(Reason.POLICY);
        assertThat(required.detail()).isEqualTo("certificate CN=carol is not valid for any of the required certificate"
                + " policies " + PIV_AUTH + ", " + PIV_CARD_AUTH + " (requireExplicit): its path is valid for no policy");
    }

    @Test
    void withoutRequireExplicitTheInitialPolicySetIsEnforcedOnlyWhereACaDemandsIt() {
        // RFC 5280 §6.1.5 (g): with explicit_policy still above zero the path succeeds, its tree NULL.
        Credential bob = policies.client("bob", policies.policyCa(), PIV_CARD_AUTH);
        ValidationPolicy.CertificatePolicies notExplicit = new ValidationPolicy.CertificatePolicies(
                Set.of(PIV_AUTH), false, false, false);

        Verdict verdict = validator(notExplicit).validate(bob.chainWithoutRoot(), NOW);

        assertThat(verdict.reason()).isEqualTo(Reason.OK);
        assertThat(verdict.validPolicies()).contains(PolicySet.NONE);
    }

    @Test
    void aPolicyMappedByAnIntermediateSatisfiesTheRequirementUnlessMappingIsInhibited() {
        Credential dave = policies.client("dave", policies.mappingCa(), CORP_AUTH);
        ValidationPolicy.CertificatePolicies inhibited = new ValidationPolicy.CertificatePolicies(
                Set.of(PIV_AUTH), true, true, false);

        Verdict mapped = validator(required(PIV_AUTH)).validate(dave.chainWithoutRoot(), NOW);
        Verdict notMapped = validator(inhibited).validate(dave.chainWithoutRoot(), NOW);

        assertThat(mapped.reason()).as(mapped.detail()).isEqualTo(Reason.OK);
        assertThat(mapped.validPolicies()).as("named as the client's own certificate names it")
                .contains(new PolicySet(false, Set.of(CORP_AUTH)));
        assertThat(notMapped.reason()).isEqualTo(Reason.POLICY);
        assertThat(notMapped.detail()).isEqualTo("certificate CN=dave is not valid for the required certificate policy "
                + PIV_AUTH + " (requireExplicit, inhibitMapping): its path is valid for no policy");
    }

    @Test
    void anyPolicyInACaStandsForTheRequiredPolicyUnlessAnyPolicyIsInhibited() {
        Credential anyCa = Credential.builder().subject("CN=Any Policy CA,O=certgate tests").certificateAuthority(0)
                .issuedBy(pki.root()).now(NOW).certificatePolicies(PolicySet.ANY_POLICY).build();
        Credential erin = policies.client("erin", anyCa, PIV_AUTH);
        ValidationPolicy.CertificatePolicies inhibited = new ValidationPolicy.CertificatePolicies(
                Set.of(PIV_AUTH), true, false, true);

        Verdict viaAny = validator(required(PIV_AUTH)).validate(erin.chainWithoutRoot(), NOW);
        Verdict anyInhibited = validator(inhibited).validate(erin.chainWithoutRoot(), NOW);

        assertThat(viaAny.reason()).as(viaAny.detail()).isEqualTo(Reason.OK);
        assertThat(anyInhibited.reason()).isEqualTo(Reason.POLICY);
        assertThat(anyInhibited.detail()).endsWith("(requireExplicit, inhibitAnyPolicy): its path is valid for no policy");
    }

    @Test
    void aPathOfAnyPolicyCertificatesIsValidForAnyPolicy() {
        Credential anyCa = Credential.builder().subject("CN=Any Policy CA,O=certgate tests").certificateAuthority(0)
                .issuedBy(pki.root()).now(NOW).certificatePolicies(PolicySet.ANY_POLICY).build();
        Credential frank = policies.client("frank", anyCa, PolicySet.ANY_POLICY);

        Verdict verdict = validator(ValidationPolicy.CertificatePolicies.ANY).validate(frank.chainWithoutRoot(), NOW);

        assertThat(verdict.validPolicies()).contains(PolicySet.ANY);
        assertThat(verdict.validPolicies().get()).hasToString("any");
    }

    @Test
    void aFailureOtherThanPolicyIsReportedAsItselfEvenWhenThePolicyCheckMetItFirst() {
        // The leaf asserts no policy and is expired: the JDK checks a certificate's policies before
        // its dates, so it stops at the policy; the expiry is what a person must fix first.
        Credential old = Credential.builder().subject("CN=old,O=certgate tests").clientAuth()
                .issuedBy(policies.policyCa()).now(NOW).expired().build();

        Verdict verdict = validator(required(PIV_AUTH)).validate(old.chainWithoutRoot(), NOW);

        assertThat(verdict.reason()).as(verdict.detail()).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void aPolicyRefusalWithoutAnyRequirementOfOursNamesTheCaThatDemandsAnExplicitPolicy() {
        // A CA may itself require an explicit policy (policyConstraints requireExplicitPolicy 0): RFC 5280 §4.2.1.11.
        Credential strictCa = Credential.builder().subject("CN=Strict CA,O=certgate tests").certificateAuthority(0)
                .issuedBy(pki.root()).now(NOW).certificatePolicies(PIV_AUTH).requireExplicitPolicy(0).build();
        Credential gina = policies.client("gina", strictCa, PIV_CARD_AUTH);

        Verdict verdict = validator(ValidationPolicy.CertificatePolicies.ANY).validate(gina.chainWithoutRoot(), NOW);

        assertThat(verdict.reason()).isEqualTo(Reason.POLICY);
        assertThat(verdict.detail()).isEqualTo("the path of certificate CN=gina is valid for no policy, but a CA of the"
                + " path requires an explicit certificate policy (requireExplicitPolicy), at certificate CN=gina");
    }

    private static ValidationPolicy.CertificatePolicies required(String... oids) {
        return new ValidationPolicy.CertificatePolicies(Set.of(oids), true, false, false);
    }

    private PathValidator validator(ValidationPolicy.CertificatePolicies settings) {
        ValidationPolicy policy = ValidationPolicy.forClients(5, RevocationScope.CHAIN, OnUnavailable.DENY)
                .withPolicies(settings);
        return new PathValidator(TrustStore.of(List.of(pki.root().certificate()), List.of()), policy, RevocationChecker.NONE);
    }
}
