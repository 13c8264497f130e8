package io.certgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.AccessRuleConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.identity.Identity;
import io.certgate.validation.Outcome;
import io.certgate.validation.Verdict;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The mode × verdict table of KB 907274 (SPEC §4), on a location without an access rule. */
class AccessPolicyTest {

    static Verdicts verdicts;

    @BeforeAll
    static void mint() {
        verdicts = new Verdicts();
    }

    private static Decision decide(ClientCertMode mode, Verdict verdict, Identity identity) {
        return AccessPolicy.decide(mode, verdict, identity, AccessRuleConfig.NONE);
    }

    private static Identity certificateOnly(Verdict verdict) {
        return verdict.client().<Identity>map(Identity.CertificateOnly::new).orElse(Identity.ANONYMOUS);
    }

    @Test
    void fixtureVerdictsHaveTheOutcomesTheirNamesSay() {
        assertThat(List.of(verdicts.valid, verdicts.missing, verdicts.expired, verdicts.revoked, verdicts.untrusted,
                verdicts.revocationUnknown)).extracting(Verdict::outcome).containsExactly(Outcome.VALID, Outcome.MISSING,
                Outcome.EXPIRED, Outcome.REVOKED, Outcome.UNTRUSTED, Outcome.REVOCATION_UNKNOWN);
    }

    @Test
    void ignoreModeIsAnonymousWhateverWasSent() {
        for (Verdict verdict : List.of(verdicts.valid, verdicts.missing, verdicts.expired, verdicts.untrusted)) {
            Decision decision = decide(ClientCertMode.IGNORE, verdict, certificateOnly(verdict));
            assertThat(decision.allowed()).as(verdict.detail()).isTrue();
            assertThat(decision.identity()).isEqualTo(Identity.ANONYMOUS);
        }
    }

    @Test
    void acceptModeWithoutCertificateIsAnonymous() {
        Decision decision = decide(ClientCertMode.ACCEPT, verdicts.missing, Identity.ANONYMOUS);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.identity()).isEqualTo(Identity.ANONYMOUS);
    }

    @Test
    void requireModeWithoutCertificateGets403_7() {
        Decision decision = decide(ClientCertMode.REQUIRE, verdicts.missing, Identity.ANONYMOUS);

        assertThat(decision.refusal()).contains(Refusal.CLIENT_CERTIFICATE_REQUIRED);
    }

    @ParameterizedTest
    @EnumSource(value = ClientCertMode.class, names = {"ACCEPT", "REQUIRE"})
    void invalidCertificatesAreRefusedByTheirOutcome(ClientCertMode mode) {
        assertThat(decide(mode, verdicts.expired, certificateOnly(verdicts.expired)).refusal())
                .contains(Refusal.CLIENT_CERTIFICATE_EXPIRED);
        assertThat(decide(mode, verdicts.revoked, certificateOnly(verdicts.revoked)).refusal())
                .contains(Refusal.CLIENT_CERTIFICATE_REVOKED);
        assertThat(decide(mode, verdicts.revocationUnknown, certificateOnly(verdicts.revocationUnknown)).refusal())
                .contains(Refusal.CLIENT_CERTIFICATE_REVOKED);
        Decision untrusted = decide(mode, verdicts.untrusted, certificateOnly(verdicts.untrusted));
        assertThat(untrusted.refusal()).contains(Refusal.CLIENT_CERTIFICATE_UNTRUSTED);
        assertThat(untrusted.detail()).isEqualTo(verdicts.untrusted.detail());
        assertThat(untrusted.identity()).isEqualTo(Identity.ANONYMOUS);
    }

    @ParameterizedTest
    @EnumSource(value = ClientCertMode.class, names = {"ACCEPT", "REQUIRE"})
    void validCertificateIsLetInWithItsIdentity(ClientCertMode mode) {
        Identity alice = new Identity.Account("alice", List.of("admins"), verdicts.aliceFacts(), "one-to-one mapping #1");

        Decision decision = decide(mode, verdicts.valid, alice);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.identity()).isEqualTo(alice);
        assertThat(decision.detail()).contains("account \"alice\"", "one-to-one mapping #1");
        assertThat(decide(mode, verdicts.valid, certificateOnly(verdicts.valid)).allowed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = ClientCertMode.class, names = {"ACCEPT", "REQUIRE"})
    void deniedByMappingGets403_12EvenWithoutAnAccessRule(ClientCertMode mode) {
        Identity denied = new Identity.Denied(verdicts.aliceFacts(),
                "many-to-one mapping \"contractors\" denies this certificate");

        Decision decision = decide(mode, verdicts.valid, denied);

        assertThat(decision.refusal()).contains(Refusal.MAPPER_DENIED);
        assertThat(decision.refusal().get().code()).isEqualTo("403.12");
        assertThat(decision.detail()).isEqualTo("many-to-one mapping \"contractors\" denies this certificate");
        assertThat(decision.identity()).isEqualTo(denied);
    }

    @Test
    void invalidCertificateIsRefusedByItsOutcomeBeforeAnyMappingDenial() {
        Identity denied = new Identity.Denied(verdicts.expired.client().orElseThrow(), "account \"bob\" is disabled");

        assertThat(decide(ClientCertMode.REQUIRE, verdicts.expired, denied).refusal())
                .contains(Refusal.CLIENT_CERTIFICATE_EXPIRED);
    }
}
