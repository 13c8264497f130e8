package io.certgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.AccessRuleConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.identity.Identity;
import io.certgate.testing.TestPki;
import io.certgate.validation.Outcome;
import io.certgate.validation.Reason;
import io.certgate.validation.Verdict;
import io.certgate.x509.CertificateFacts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** KB 907274's table: client-certificate mode × verdict → allowed, or which 403.x. */
class AccessPolicyTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final CertificateFacts ALICE = CertificateFacts.of(
            TestPki.create(AT).client("alice").build().certificate());
    private static final Identity.Account ACCOUNT = new Identity.Account("alice", List.of("admins"), ALICE, "one-to-one");

    @ParameterizedTest(name = "{0} × {1} → {2}")
    @CsvSource({
            "IGNORE,  MISSING,            allow-anonymous",
            "IGNORE,  VALID,              allow-anonymous",
            "IGNORE,  UNTRUSTED,          allow-anonymous",
            "IGNORE,  EXPIRED,            allow-anonymous",
            "IGNORE,  REVOKED,            allow-anonymous",
            "IGNORE,  REVOCATION_UNKNOWN, allow-anonymous",
            "ACCEPT,  MISSING,            allow-anonymous",
            "ACCEPT,  VALID,              allow-account",
            "ACCEPT,  UNTRUSTED,          403.16 client-certificate-untrusted",
            "ACCEPT,  EXPIRED,            403.17 client-certificate-expired",
            "ACCEPT,  REVOKED,            403.13 client-certificate-revoked",
            "ACCEPT,  REVOCATION_UNKNOWN, 403.13 client-certificate-revoked",
            "REQUIRE, MISSING,            403.7 client-certificate-required",
            "REQUIRE, VALID,              allow-account",
            "REQUIRE, UNTRUSTED,          403.16 client-certificate-untrusted",
            "REQUIRE, EXPIRED,            403.17 client-certificate-expired",
            "REQUIRE, REVOKED,            403.13 client-certificate-revoked",
            "REQUIRE, REVOCATION_UNKNOWN, 403.13 client-certificate-revoked",
    })
    void modeAndOutcomeDecide(ClientCertMode mode, Outcome outcome, String expected) {
        Decision decision = AccessPolicy.decide(mode, verdict(representative(outcome)), ACCOUNT, AccessRuleConfig.NONE);

        switch (expected) {
            case "allow-anonymous" -> {
                assertThat(decision.allowed()).isTrue();
                assertThat(decision.identity()).isEqualTo(Identity.ANONYMOUS);
            }
            case "allow-account" -> {
                assertThat(decision.allowed()).isTrue();
                assertThat(decision.identity()).isEqualTo(ACCOUNT);
            }
            default -> {
                assertThat(decision.allowed()).isFalse();
                assertThat(decision.refusal()).map(Refusal::headerValue).contains(expected);
                assertThat(decision.identity()).isEqualTo(Identity.ANONYMOUS);
            }
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "NO_PATH_TO_TRUSTED_ROOT,        403.16",
            "BAD_SIGNATURE,                  403.16",
            "WRONG_KEY_USAGE,                403.16",
            "NOT_A_CA,                       403.16",
            "PATH_LENGTH_EXCEEDED,           403.16",
            "CHAIN_TOO_LONG,                 403.16",
            "NAME_CONSTRAINTS,               403.16",
            "POLICY,                         403.16",
            "UNSUPPORTED_CRITICAL_EXTENSION, 403.16",
            "WEAK_ALGORITHM,                 403.16",
            "MALFORMED,                      403.16",
            "EXPIRED,                        403.17",
            "NOT_YET_VALID,                  403.17",
            "REVOKED,                        403.13",
            "REVOCATION_UNAVAILABLE,         403.13",
    })
    void everyReasonAnInvalidCertificateCanHaveRefusesUnderRequire(Reason reason, String code) {
        Decision decision = AccessPolicy.decide(ClientCertMode.REQUIRE, verdict(reason), ACCOUNT, AccessRuleConfig.NONE);

        assertThat(decision.refusal()).map(Refusal::code).contains(code);
    }

    @ParameterizedTest
    @EnumSource(value = ClientCertMode.class, names = {"ACCEPT", "REQUIRE"})
    void deniedIdentityOnAValidCertificateIsMapperDenied(ClientCertMode mode) {
        Identity.Denied denied = new Identity.Denied(ALICE, "mapping \"contractors\" denies OU=Contractors");

        Decision decision = AccessPolicy.decide(mode, verdict(Reason.OK), denied, AccessRuleConfig.NONE);

        assertThat(decision.refusal()).contains(Refusal.MAPPER_DENIED);
        assertThat(decision.refusal().orElseThrow().headerValue()).isEqualTo("403.12 mapper-denied");
        assertThat(decision.detail()).isEqualTo("mapping \"contractors\" denies OU=Contractors");
        assertThat(decision.identity()).isEqualTo(denied);
    }

    @Test
    void deniedIdentityDoesNotMatterWhereCertificatesAreIgnored() {
        Identity.Denied denied = new Identity.Denied(ALICE, "denied");

        Decision decision = AccessPolicy.decide(ClientCertMode.IGNORE, verdict(Reason.OK), denied, AccessRuleConfig.NONE);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.identity()).isEqualTo(Identity.ANONYMOUS);
    }

    @Test
    void invalidCertificateIsRefusedForWhatItIsEvenWhenAMappingWouldDeny() {
        Decision decision = AccessPolicy.decide(ClientCertMode.REQUIRE, verdict(Reason.EXPIRED),
                new Identity.Denied(ALICE, "denied"), AccessRuleConfig.NONE);

        assertThat(decision.refusal()).contains(Refusal.CLIENT_CERTIFICATE_EXPIRED);
    }

    @Test
    void refusalOfAnInvalidCertificateCarriesTheVerdictSentence() {
        Decision decision = AccessPolicy.decide(ClientCertMode.REQUIRE, verdict(Reason.EXPIRED), ACCOUNT, AccessRuleConfig.NONE);

        assertThat(decision.detail()).isEqualTo("detail for EXPIRED");
    }

    @Test
    void missingCertificateUnderRequireSaysOneIsRequired() {
        Decision decision = AccessPolicy.decide(ClientCertMode.REQUIRE, Verdict.missing(), Identity.ANONYMOUS, AccessRuleConfig.NONE);

        assertThat(decision.refusal()).contains(Refusal.CLIENT_CERTIFICATE_REQUIRED);
        assertThat(decision.detail()).isEqualTo("this location requires a client certificate and none was sent");
    }

    @Test
    void validCertificateWithoutAnAccountIsLetInAsTheCertificate() {
        Identity certificateOnly = new Identity.CertificateOnly(ALICE);

        Decision decision = AccessPolicy.decide(ClientCertMode.REQUIRE, verdict(Reason.OK), certificateOnly, AccessRuleConfig.NONE);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.identity()).isEqualTo(certificateOnly);
    }

    private static Reason representative(Outcome outcome) {
        return switch (outcome) {
            case VALID -> Reason.OK;
            case MISSING -> Reason.NO_CERTIFICATE;
            case UNTRUSTED -> Reason.NO_PATH_TO_TRUSTED_ROOT;
            case EXPIRED -> Reason.EXPIRED;
            case REVOKED -> Reason.REVOKED;
            case REVOCATION_UNKNOWN -> Reason.REVOCATION_UNAVAILABLE;
        };
    }

    private static Verdict verdict(Reason reason) {
        if (reason == Reason.NO_CERTIFICATE) {
            return Verdict.missing();
        }
        return new Verdict(reason, reason == Reason.OK ? "valid" : "detail for " + reason,
                reason == Reason.OK ? "valid" : "detail for " + reason, Optional.of(ALICE),
                Optional.empty(), List.of(), List.of(), List.of(), AT, AT.plusSeconds(60), 0, Optional.empty());
    }
}
