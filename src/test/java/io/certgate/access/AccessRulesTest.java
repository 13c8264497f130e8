package io.certgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.AccessRuleConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.identity.Identity;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A location's access rule: deny wins, then the allow lists; what is not an account never passes. */
class AccessRulesTest {

    static Verdicts verdicts;

    @BeforeAll
    static void mint() {
        verdicts = new Verdicts();
    }

    private static AccessRuleConfig rule(List<String> allowUsers, List<String> allowGroups, List<String> denyUsers,
                                         List<String> denyGroups) {
        return new AccessRuleConfig(allowUsers, allowGroups, denyUsers, denyGroups);
    }

    private static Identity.Account account(String name, String... groups) {
        return new Identity.Account(name, List.of(groups), verdicts.aliceFacts(), "many-to-one mapping \"staff\"");
    }

    private static Decision decide(Identity identity, AccessRuleConfig rule) {
        return AccessPolicy.decide(ClientCertMode.REQUIRE, verdicts.valid, identity, rule);
    }

    @Test
    void accountInAllowUsersIsLetIn() {
        Decision decision = decide(account("alice"), rule(List.of("alice"), List.of("admins"), List.of(), List.of()));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.identity()).isEqualTo(account("alice"));
        assertThat(decision.detail()).isEqualTo("account \"alice\" (many-to-one mapping \"staff\") is listed in this"
                + " location's allowUsers");
    }

    @Test
    void accountWithAGroupInAllowGroupsIsLetIn() {
        Decision decision = decide(account("bob", "staff", "admins"), rule(List.of("alice"), List.of("admins"),
                List.of(), List.of()));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.detail()).contains("account \"bob\"", "group \"admins\"", "allowGroups");
    }

    @Test
    void accountInNeitherAllowListGets401_3() {
        Decision decision = decide(account("dave", "staff"), rule(List.of("alice"), List.of("admins"), List.of(),
                List.of()));

        assertThat(decision.refusal()).contains(Refusal.ACCESS_DENIED);
        assertThat(decision.refusal().get().code()).isEqualTo("401.3");
        assertThat(decision.detail()).isEqualTo("account \"dave\" (groups: staff) is not allowed here:"
                + " allowUsers alice, allowGroups admins");
        assertThat(decision.identity()).isEqualTo(account("dave", "staff"));
    }

    @Test
    void denyUsersWinsOverAllowUsers() {
        Decision decision = decide(account("alice"), rule(List.of("alice"), List.of(), List.of("alice"), List.of()));

        assertThat(decision.refusal()).contains(Refusal.ACCESS_DENIED);
        assertThat(decision.detail()).isEqualTo("account \"alice\" is listed in this location's denyUsers");
    }

    @Test
    void denyGroupsWinsOverAllowUsersAndAllowGroups() {
        Decision decision = decide(account("alice", "admins", "contractors"),
                rule(List.of("alice"), List.of("admins"), List.of(), List.of("contractors")));

        assertThat(decision.refusal()).contains(Refusal.ACCESS_DENIED);
        assertThat(decision.detail()).isEqualTo("account \"alice\" is in group \"contractors\", which this location's"
                + " denyGroups lists");
    }

    @Test
    void onlyDenyListsLetEveryOtherAccountIn() {
        AccessRuleConfig rule = rule(List.of(), List.of(), List.of("mallory"), List.of("contractors"));

        assertThat(decide(account("alice", "staff"), rule).allowed()).isTrue();
        assertThat(decide(account("mallory"), rule).refusal()).contains(Refusal.ACCESS_DENIED);
        assertThat(decide(account("carl", "contractors"), rule).refusal()).contains(Refusal.ACCESS_DENIED);
    }

    @Test
    void namesAndGroupsCompareExactly() {
        AccessRuleConfig rule = rule(List.of("alice"), List.of("admins"), List.of(), List.of());

        assertThat(decide(account("Alice"), rule).refusal()).contains(Refusal.ACCESS_DENIED);
        assertThat(decide(account("bob", "Admins"), rule).refusal()).contains(Refusal.ACCESS_DENIED);
    }

    @Test
    void certificateWithoutAccountGets403_12WhereARuleNeedsOne() {
        Identity certificateOnly = new Identity.CertificateOnly(verdicts.aliceFacts());

        Decision decision = decide(certificateOnly, rule(List.of(), List.of(), List.of("mallory"), List.of()));

        assertThat(decision.refusal()).contains(Refusal.MAPPER_DENIED);
        assertThat(decision.detail()).isEqualTo("certificate CN=alice maps to no account, and this location admits"
                + " accounts only");
    }

    @Test
    void certificateWithoutAccountPassesWhereThereIsNoRule() {
        Identity certificateOnly = new Identity.CertificateOnly(verdicts.aliceFacts());

        assertThat(decide(certificateOnly, AccessRuleConfig.NONE).allowed()).isTrue();
    }

    @Test
    void noCertificateInAcceptModeGets403_7WhereARuleNeedsAnAccount() {
        Decision decision = AccessPolicy.decide(ClientCertMode.ACCEPT, verdicts.missing, Identity.ANONYMOUS,
                rule(List.of("alice"), List.of(), List.of(), List.of()));

        assertThat(decision.refusal()).contains(Refusal.CLIENT_CERTIFICATE_REQUIRED);
        assertThat(decision.detail()).contains("admits accounts only");
    }

    @Test
    void deniedByMappingStays403_12UnderARule() {
        Identity denied = new Identity.Denied(verdicts.aliceFacts(), "account \"alice\" is disabled");

        Decision decision = decide(denied, rule(List.of("alice"), List.of(), List.of(), List.of()));

        assertThat(decision.refusal()).contains(Refusal.MAPPER_DENIED);
        assertThat(decision.detail()).isEqualTo("account \"alice\" is disabled");
    }

    @Test
    void invalidCertificateIsRefusedByItsOutcomeBeforeTheRule() {
        Decision decision = AccessPolicy.decide(ClientCertMode.REQUIRE, verdicts.revoked,
                new Identity.CertificateOnly(verdicts.revoked.client().orElseThrow()),
                rule(List.of("alice"), List.of(), List.of(), List.of()));

        assertThat(decision.refusal()).contains(Refusal.CLIENT_CERTIFICATE_REVOKED);
    }

    @Test
    void ruleUnderIgnoreModeFailsClosed() {
        Decision decision = AccessPolicy.decide(ClientCertMode.IGNORE, verdicts.valid, account("alice"),
                rule(List.of("alice"), List.of(), List.of(), List.of()));

        assertThat(decision.refusal()).contains(Refusal.CLIENT_CERTIFICATE_REQUIRED);
    }
}
