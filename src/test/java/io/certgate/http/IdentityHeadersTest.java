package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.IdentityHeaderNames;
import io.certgate.identity.Identity;
import io.certgate.pki.Credential;
import io.certgate.revocation.RevocationChecker;
import io.certgate.testing.NameValues;
import io.certgate.testing.TestPki;
import io.certgate.validation.PathValidator;
import io.certgate.validation.TrustStore;
import io.certgate.validation.ValidationPolicy;
import io.certgate.validation.Verdict;
import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

class IdentityHeadersTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW);

    private static Verdict valid(Credential client) {
        PathValidator validator = new PathValidator(TrustStore.of(List.of(PKI.root().certificate()), List.of()),
                ValidationPolicy.forClients(5, RevocationScope.CHAIN, OnUnavailable.DENY), RevocationChecker.NONE);
        return validator.validate(client.chainWithoutRoot(), NOW);
    }

    private static IdentityHeaderNames renamed() {
        IdentityHeaderNames d = IdentityHeaderNames.DEFAULTS;
        return new IdentityHeaderNames(d.forwardedFor(), d.forwardedProto(), d.forwardedHost(), Optional.of("X-User"),
                Optional.empty(), d.clientCertVerify(), d.clientCertSubject(), d.clientCertIssuer(), d.clientCertSerial(),
                d.clientCertFingerprint(), Optional.empty(), d.clientCertChain(), java.util.List.of());
    }

    @Test
    void renamedHeadersCarryTheAccountAndOffHeadersAreNotSent() {
        Credential alice = PKI.client("alice").build();
        Verdict verdict = valid(alice);
        HttpHeaders headers = new DefaultHttpHeaders();
        Identity account = new Identity.Account("alice", List.of("admins"), verdict.client().orElseThrow(), "test");
        new IdentityHeaders(renamed()).set(headers, "192.0.2.7", Optional.of("app.example:8443"), account, Optional.of(verdict));
        assertThat(headers.get("X-User")).isEqualTo("alice");
        assertThat(headers.contains("X-Remote-User")).isFalse();
        assertThat(headers.contains("X-Remote-Groups")).isFalse();
        assertThat(headers.contains("X-Client-Cert")).isFalse();
        assertThat(headers.get("X-Forwarded-For")).isEqualTo("192.0.2.7");
        assertThat(headers.get("X-Forwarded-Host")).isEqualTo("app.example:8443");
        assertThat(headers.get("X-Client-Cert-Verify")).isEqualTo("SUCCESS");
    }

    @Test
    void namesWithNonAsciiOrLineBreaksAreEscapedRfc4514Style() {
        Credential hostile = Credential.builder().subject("CN=Zo\u00eb\nInjected: yes,O=certgate tests").clientAuth()
                .issuedBy(PKI.intermediate()).now(NOW).build();
        Verdict verdict = valid(hostile);
        HttpHeaders headers = new DefaultHttpHeaders();
        new IdentityHeaders(IdentityHeaderNames.DEFAULTS).set(headers, "127.0.0.1", Optional.empty(),
                new Identity.CertificateOnly(verdict.client().orElseThrow()), Optional.of(verdict));
        String subject = headers.get("X-Client-Cert-Subject");
        assertThat(subject).doesNotContain("\n", "\r").startsWith("CN=Zo\\c3\\ab\\0aInjected: yes");
        assertThat(headers.get("X-Client-Cert")).doesNotContain("\n").startsWith("-----BEGIN%20CERTIFICATE-----%0A");
    }

    @Test
    void ignoredCertificateIsReportedAsNoneAndNotDescribed() {
        HttpHeaders headers = new DefaultHttpHeaders();
        new IdentityHeaders(IdentityHeaderNames.DEFAULTS).set(headers, "127.0.0.1", Optional.of("bad host\r\nX: 1"),
                Identity.ANONYMOUS, Optional.empty());
        assertThat(headers.get("X-Client-Cert-Verify")).isEqualTo("NONE");
        assertThat(headers.contains("X-Client-Cert-Subject")).isFalse();
        assertThat(headers.contains("X-Forwarded-Host")).as("a Host that is not a host name is not repeated").isFalse();
    }

    private static String subjectHeaderOf(Credential client) {
        Verdict verdict = valid(client);
        HttpHeaders headers = new DefaultHttpHeaders();
        new IdentityHeaders(IdentityHeaderNames.DEFAULTS).set(headers, "127.0.0.1", Optional.empty(),
                new Identity.CertificateOnly(verdict.client().orElseThrow()), Optional.of(verdict));
        return headers.get("X-Client-Cert-Subject");
    }

    private static Credential clientNamed(X500NameBuilder subject) {
        return Credential.builder().subject(subject.build()).clientAuth().issuedBy(PKI.intermediate()).now(NOW).build();
    }

    @Test
    void subjectHeaderShowsBmpAndUniversalStringOusAsText() {
        Credential client = clientNamed(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.OU, new DERBMPString("Contractors"))
                .addRDN(BCStyle.OU, NameValues.universal("Z\u00fcrich"))
                .addRDN(BCStyle.CN, "worker"));

        assertThat(subjectHeaderOf(client)).isEqualTo("CN=worker,OU=Z\\c3\\bcrich,OU=Contractors,O=Example");
    }

    @Test
    void subjectHeaderShowsEachOfTwoCommonNamesAndEscapesOneThatLooksLikeTwo() {
        Credential two = clientNamed(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Example").addRDN(BCStyle.CN, "alice").addRDN(BCStyle.CN, "mallory"));
        Credential one = clientNamed(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Example").addRDN(BCStyle.CN, new DERUTF8String("mallory,CN=alice")));

        assertThat(subjectHeaderOf(two)).isEqualTo("CN=mallory,CN=alice,O=Example");
        assertThat(subjectHeaderOf(one)).isEqualTo("CN=mallory\\,CN\\=alice,O=Example");
    }

    @Test
    void subjectHeaderShowsAZeroWidthSpaceInsteadOfHidingIt() {
        Credential client = clientNamed(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, new DERUTF8String("Contractors\u200b")).addRDN(BCStyle.CN, "worker"));

        assertThat(subjectHeaderOf(client)).isEqualTo("CN=worker,OU=Contractors\\e2\\80\\8b");
    }
}
