package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.IdentityFormatsConfig;
import io.certgate.config.IdentityHeaderFormat;
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
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    private static final Credential ALICE = PKI.client("alice").build();
    private static final List<String> CERTIFICATE_HEADERS = List.of("X-Client-Cert-Verify", "X-Client-Cert-Subject",
            "X-Client-Cert-Issuer", "X-Client-Cert-Serial", "X-Client-Cert-Fingerprint", "X-Client-Cert",
            "X-Client-Cert-Chain", "Client-Cert", "Client-Cert-Chain", "X-Forwarded-Client-Cert");

    private static IdentityFormatsConfig formats(boolean chain, IdentityHeaderFormat... formats) {
        return new IdentityFormatsConfig(Set.of(formats), chain);
    }

    /** The certificate headers a location with {@code formats} sends for alice (chain: leaf, intermediate). */
    private static HttpHeaders sentFor(IdentityFormatsConfig formats) {
        Credential alice = ALICE;
        Verdict verdict = valid(alice);
        IdentityHeaders identityHeaders = new IdentityHeaders(IdentityHeaderNames.DEFAULTS);
        Identity account = new Identity.Account("alice", List.of("admins"), verdict.client().orElseThrow(), "test");
        IdentityHeaders.Forwarded forwarded = identityHeaders.describe(account, Optional.of(verdict),
                alice.chainWithoutRoot(), formats(true, IdentityHeaderFormat.values()), List.of("spiffe://gw.example/cg"));
        HttpHeaders headers = new DefaultHttpHeaders();
        identityHeaders.set(headers, "192.0.2.7", Optional.empty(), forwarded, formats);
        assertThat(headers.get("X-Remote-User")).as("the account is sent whatever the formats").isEqualTo("alice");
        assertThat(headers.get("X-Forwarded-For")).isEqualTo("192.0.2.7");
        return headers;
    }

    private static List<String> certificateHeaders(HttpHeaders headers) {
        return CERTIFICATE_HEADERS.stream().filter(headers::contains).toList();
    }

    @Test
    void eachLocationSendsTheFormatsItListsAndNoOthers() {
        assertThat(certificateHeaders(sentFor(IdentityFormatsConfig.DEFAULTS))).containsExactly("X-Client-Cert-Verify",
                "X-Client-Cert-Subject", "X-Client-Cert-Issuer", "X-Client-Cert-Serial", "X-Client-Cert-Fingerprint",
                "X-Client-Cert");
        assertThat(certificateHeaders(sentFor(formats(true, IdentityHeaderFormat.CERTGATE))))
                .contains("X-Client-Cert", "X-Client-Cert-Chain").hasSize(7);
        assertThat(certificateHeaders(sentFor(formats(true, IdentityHeaderFormat.RFC9440))))
                .as("chain: true is the certgate format's").containsExactly("Client-Cert", "Client-Cert-Chain");
        assertThat(certificateHeaders(sentFor(formats(false, IdentityHeaderFormat.XFCC))))
                .containsExactly("X-Forwarded-Client-Cert");
        assertThat(certificateHeaders(sentFor(formats(false)))).as("formats: []").isEmpty();
    }

    @Test
    void theCertgateChainIsTheChainSentLeafFirst() {
        HttpHeaders headers = sentFor(formats(true, IdentityHeaderFormat.CERTGATE));
        String chain = headers.get("X-Client-Cert-Chain");
        assertThat(chain).startsWith(headers.get("X-Client-Cert"))
                .as("two PEM blocks").containsPattern("^(-----BEGIN%20CERTIFICATE-----%0A.*?-----END%20CERTIFICATE-----%0A){2}$")
                .doesNotContain("\n", "\r", "+");
        assertThat(sentFor(formats(true, IdentityHeaderFormat.XFCC)).get("X-Forwarded-Client-Cert"))
                .startsWith("By=spiffe://gw.example/cg;Hash=").contains(";Chain=\"" + chain + "\";");
    }

    @Test
    void aCopyAlreadyInTheRequestIsReplacedNeverAppendedTo() {
        Credential alice = PKI.client("alice").build();
        Verdict verdict = valid(alice);
        IdentityHeaders identityHeaders = new IdentityHeaders(IdentityHeaderNames.DEFAULTS);
        IdentityFormatsConfig all = formats(true, IdentityHeaderFormat.values());
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String name : CERTIFICATE_HEADERS) {
            headers.add(name, "forged").add(name, "forged again");
        }
        identityHeaders.set(headers, "127.0.0.1", Optional.empty(), identityHeaders.describe(
                new Identity.CertificateOnly(verdict.client().orElseThrow()), Optional.of(verdict),
                alice.chainWithoutRoot(), all, List.of()), all);
        for (String name : CERTIFICATE_HEADERS) {
            assertThat(headers.getAll(name)).as(name).hasSize(1).doesNotContain("forged", "forged again");
        }
    }

    @Test
    void withoutAValidCertificateNoFormatDescribesOne() {
        IdentityHeaders identityHeaders = new IdentityHeaders(IdentityHeaderNames.DEFAULTS);
        IdentityFormatsConfig all = formats(true, IdentityHeaderFormat.values());
        HttpHeaders headers = new DefaultHttpHeaders();
        identityHeaders.set(headers, "127.0.0.1", Optional.empty(), identityHeaders.describe(Identity.ANONYMOUS,
                Optional.of(Verdict.missing()), List.of(), all, List.of("spiffe://gw")), all);
        assertThat(certificateHeaders(headers)).containsExactly("X-Client-Cert-Verify");
        assertThat(headers.get("X-Client-Cert-Verify")).isEqualTo("NONE");
    }

    /**
     * README "Identity header formats": every value is bounded by the DER it describes. The worst
     * case for URL-encoded PEM is base64 of 0xFF bytes ("////", each '/' becoming %2F); for the
     * subject, a CN of quotes (each '"' is \" in RFC 4514, \\\" in XFCC).
     */
    @Test
    void headerSizesStayWithinTheDocumentedBoundsOfTheBytesTheClientSent() throws Exception {
        byte[] filler = new byte[12_000];
        java.util.Arrays.fill(filler, (byte) 0xff);
        Credential worst = Credential.builder().subject("CN=" + "\\\"".repeat(60) + ",O=certgate tests").clientAuth()
                .rawExtension("1.3.6.1.4.1.55555.1", false, filler).uri("spiffe://example.org/" + "a".repeat(200))
                .issuedBy(PKI.intermediate()).now(NOW).build();
        List<X509Certificate> sent = worst.chainWithoutRoot();
        Verdict verdict = valid(worst);
        IdentityFormatsConfig all = formats(true, IdentityHeaderFormat.values());
        IdentityHeaders identityHeaders = new IdentityHeaders(IdentityHeaderNames.DEFAULTS);
        HttpHeaders headers = new DefaultHttpHeaders();
        identityHeaders.set(headers, "127.0.0.1", Optional.empty(), identityHeaders.describe(
                new Identity.CertificateOnly(verdict.client().orElseThrow()), Optional.of(verdict), sent, all,
                List.of("spiffe://gw")), all);

        long leaf = sent.get(0).getEncoded().length;
        long total = leaf + sent.get(1).getEncoded().length;
        int count = sent.size();
        assertThat(headers.get("Client-Cert")).hasSize((int) (4 * ((leaf + 2) / 3) + 2));
        assertThat((long) headers.get("Client-Cert-Chain").length()).isEqualTo(4 * ((total - leaf + 2) / 3) + 2);
        assertThat((double) headers.get("X-Client-Cert").length()).isLessThanOrEqualTo(4.1 * leaf + 70)
                .as("the worst case is near the bound").isGreaterThan(3.8 * leaf);
        assertThat((double) headers.get("X-Client-Cert-Chain").length()).isLessThanOrEqualTo(4.1 * total + 70 * count);
        assertThat((double) headers.get("X-Forwarded-Client-Cert").length())
                .isLessThanOrEqualTo(8.2 * leaf + 4.1 * total + 70 * (count + 1) + 100 + "By=spiffe://gw;".length());
    }
}
