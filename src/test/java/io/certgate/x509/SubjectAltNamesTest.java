package io.certgate.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SubjectAltNamesTest {

    private static final TestPki PKI = TestPki.create(Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void readsEmailDnsUriAndUpnInCertificateOrder() {
        Credential alice = PKI.client("alice")
                .email("alice@example.com")
                .dns("alice.example.com")
                .upn("alice@corp.example.com")
                .uri("spiffe://example.com/alice")
                .email("a.smith@example.com")
                .dns("*.alice.example.com")
                .build();

        SubjectAltNames names = SubjectAltNames.of(alice.certificate());

        assertThat(names.emails()).containsExactly("alice@example.com", "a.smith@example.com");
        assertThat(names.dnsNames()).containsExactly("alice.example.com", "*.alice.example.com");
        assertThat(names.uris()).containsExactly("spiffe://example.com/alice");
        assertThat(names.upns()).containsExactly("alice@corp.example.com");
    }

    @Test
    void upnOtherNameAloneIsRead() {
        Credential smartCard = PKI.client("Alice Smith").upn("asmith@corp.example.com").build();

        assertThat(SubjectAltNames.of(smartCard.certificate()))
                .isEqualTo(new SubjectAltNames(java.util.List.of(), java.util.List.of(), java.util.List.of(),
                        java.util.List.of("asmith@corp.example.com")));
    }

    @Test
    void ipAddressesAreSkipped() {
        Credential server = PKI.server("localhost");

        SubjectAltNames names = SubjectAltNames.of(server.certificate());

        assertThat(names.dnsNames()).containsExactly("localhost");
        assertThat(names.emails()).isEmpty();
        assertThat(names.uris()).isEmpty();
        assertThat(names.upns()).isEmpty();
    }

    @Test
    void certificateWithoutTheExtensionHasNone() {
        assertThat(SubjectAltNames.of(PKI.client("bob").build().certificate())).isSameAs(SubjectAltNames.NONE);
    }
}
