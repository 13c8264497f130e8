package io.certgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status, substatus and reason exactly as SPEC §4 spells them. */
class RefusalTest {

    @ParameterizedTest(name = "{0} is {4}")
    @CsvSource({
            "SSL_REQUIRED,                 403,  4, ssl-required,                 403.4 ssl-required",
            "CLIENT_CERTIFICATE_REQUIRED,  403,  7, client-certificate-required,  403.7 client-certificate-required",
            "MAPPER_DENIED,                403, 12, mapper-denied,                403.12 mapper-denied",
            "CLIENT_CERTIFICATE_REVOKED,   403, 13, client-certificate-revoked,   403.13 client-certificate-revoked",
            "CLIENT_CERTIFICATE_UNTRUSTED, 403, 16, client-certificate-untrusted, 403.16 client-certificate-untrusted",
            "CLIENT_CERTIFICATE_EXPIRED,   403, 17, client-certificate-expired,   403.17 client-certificate-expired",
            "ACCESS_DENIED,                401,  3, access-denied,                401.3 access-denied",
            "DIRECTORY_UNAVAILABLE,        503,  0, directory-unavailable,        503 directory-unavailable",
    })
    void spelledAsTheSpecSays(Refusal refusal, int status, int substatus, String reason, String headerValue) {
        assertThat(refusal.status()).isEqualTo(status);
        assertThat(refusal.substatus()).isEqualTo(substatus);
        assertThat(refusal.reason()).isEqualTo(reason);
        assertThat(refusal.code()).isEqualTo(substatus > 0 ? status + "." + substatus : String.valueOf(status));
        assertThat(refusal.headerValue()).isEqualTo(headerValue);
    }

    @Test
    void theSpecTableAndTheDirectoryHaveNoOtherRefusal() {
        assertThat(Refusal.values()).hasSize(8);
    }
}
