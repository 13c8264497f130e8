package io.certgate.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.access.Refusal;
import io.certgate.validation.Outcome;
import io.certgate.validation.Reason;
import org.junit.jupiter.api.Test;

/** sc-win32-status: the Windows error IIS logs for the same certificate failure (the README's table). */
class Win32StatusTest {

    /** The substatus certgate answers each outcome with (access.AccessPolicy's table). */
    private static int substatus(Outcome outcome) {
        return switch (outcome) {
            case REVOKED, REVOCATION_UNKNOWN -> Refusal.CLIENT_CERTIFICATE_REVOKED.substatus();
            case EXPIRED -> Refusal.CLIENT_CERTIFICATE_EXPIRED.substatus();
            case UNTRUSTED -> Refusal.CLIENT_CERTIFICATE_UNTRUSTED.substatus();
            default -> 0;
        };
    }

    @Test
    void theErrorsIisLogs() {
        assertThat(Win32Status.of(403, 17, "expired")).isEqualTo(2148204801L); // CERT_E_EXPIRED
        assertThat(Win32Status.of(403, 17, "not-yet-valid")).isEqualTo(2148204801L);
        assertThat(Win32Status.of(403, 16, "no-path-to-trusted-root")).isEqualTo(2148204809L); // CERT_E_UNTRUSTEDROOT
        assertThat(Win32Status.of(403, 13, "revoked")).isEqualTo(2148081680L); // CRYPT_E_REVOKED
        assertThat(Win32Status.of(403, 13, "revocation-unavailable")).isEqualTo(2148081683L); // CRYPT_E_REVOCATION_OFFLINE
        assertThat(Win32Status.of(403, 16, "wrong-key-usage")).isEqualTo(2148204816L); // CERT_E_WRONG_USAGE
        assertThat(Win32Status.of(403, 16, "chain-too-long")).isEqualTo(2148204810L); // CERT_E_CHAINING
    }

    @Test
    void everyFailingReasonHasItsOwnEntryAndNoneIsZero() {
        for (Reason reason : Reason.values()) {
            int substatus = substatus(reason.outcome());
            if (substatus == 0) {
                assertThat(Win32Status.of(403, 7, reason.label())).as(reason.label()).isZero();
                continue;
            }
            assertThat(Win32Status.knows(reason.label())).as("%s is in the table", reason.label()).isTrue();
            assertThat(Win32Status.of(403, substatus, reason.label())).as(reason.label()).isNotZero();
        }
    }

    @Test
    void aReasonTheTableDoesNotKnowGetsTheErrorOfItsSubstatus() {
        assertThat(Win32Status.knows("brand-new-reason")).isFalse();
        assertThat(Win32Status.of(403, 16, "brand-new-reason")).isEqualTo(2148204810L); // CERT_E_CHAINING
        assertThat(Win32Status.of(403, 17, "brand-new-reason")).isEqualTo(2148204801L);
        assertThat(Win32Status.of(403, 13, "brand-new-reason")).isEqualTo(2148081683L);
    }

    @Test
    void everythingElseIsZero() {
        assertThat(Win32Status.of(200, 0, "ok")).isZero();
        assertThat(Win32Status.of(200, 0, "revocation-unavailable")).as("onUnavailable: allow").isZero();
        assertThat(Win32Status.of(403, 7, "no-certificate")).isZero();
        assertThat(Win32Status.of(403, 12, "ok")).isZero();
        assertThat(Win32Status.of(401, 3, "ok")).isZero();
        assertThat(Win32Status.of(404, 0, "")).isZero();
    }
}
