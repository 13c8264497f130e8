package io.certgate.http.certheaders;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.IdentityFormatsConfig;
import io.certgate.config.IdentityHeaderFormat;
import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.encoders.Base64;
import org.junit.jupiter.api.Test;

/**
 * The three encodings, as exact strings for certificates minted here. Expected values are built
 * with other tools than the production code: Bouncy Castle's PEM writer and base64, a percent
 * encoder written here, the JDK's SHA-256 and X500Principal.
 */
class CertificateHeadersTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW);
    /** A CN with every character XFCC and RFC 4514 treat specially. */
    private static final String AWKWARD_CN = "Bob \"B\" Smith, Jr; Esq=1";

    private static Credential awkward() {
        return Credential.builder().subject(new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.O, "certgate tests").addRDN(BCStyle.CN, new DERUTF8String(AWKWARD_CN)).build())
                .clientAuth().uri("spiffe://example.org/ns/a;b=c").uri("https://app.example/x")
                .dns("a.example").dns("b.example").issuedBy(PKI.intermediate()).now(NOW).build();
    }

    private static byte[] der(X509Certificate certificate) throws Exception {
        return certificate.getEncoded();
    }

    private static String sha256(byte[] der) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    /** Bouncy Castle's PEM, percent-encoded here: letters, digits and . - * _ stay, all else %XX. */
    private static String escapedPem(List<X509Certificate> certificates) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        StringBuilder out = new StringBuilder();
        for (byte b : text.toString().getBytes(StandardCharsets.US_ASCII)) {
            char c = (char) b;
            if (Character.isLetterOrDigit(c) || ".-*_".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b));
            }
        }
        return out.toString();
    }

    private static List<byte[]> ders(List<X509Certificate> certificates) throws Exception {
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            ders.add(der(certificate));
        }
        return ders;
    }

    /** The text of an RFC 9110 quoted-string (written here from §5.6.4, not by the production code). */
    private static String unquote(String quoted) {
        assertThat(quoted).startsWith("\"").endsWith("\"");
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                c = quoted.charAt(++i);
            } else {
                assertThat(c).as("an unescaped quote inside the value").isNotEqualTo('"');
            }
            out.append(c);
        }
        return out.toString();
    }

    @Test
    void aByteSequenceIsBase64BetweenColonsAsRfc8941ShowsIt() {
        // RFC 8941 §3.3.5's example.
        assertThat(Rfc9440.byteSequence("pretend this is binary content.".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:");
    }

    @Test
    void clientCertIsTheLeafAndClientCertChainTheRestInTheOrderSent() throws Exception {
        Credential alice = PKI.client("alice").build();
        List<X509Certificate> sent = List.of(alice.certificate(), PKI.intermediate().certificate(), PKI.root().certificate());

        assertThat(Rfc9440.clientCert(der(alice.certificate())))
                .isEqualTo(":" + Base64.toBase64String(der(alice.certificate())) + ":");
        assertThat(Rfc9440.clientCertChain(ders(sent))).contains(
                ":" + Base64.toBase64String(der(PKI.intermediate().certificate())) + ":, "
                        + ":" + Base64.toBase64String(der(PKI.root().certificate())) + ":");
        assertThat(Rfc9440.clientCertChain(ders(List.of(alice.certificate()))))
                .as("RFC 9440 §2.3: the chain excludes the leaf; an empty List is not sent (RFC 8941 §4.1)").isEmpty();
    }

    @Test
    void xfccIsEnvoysElementWithEveryKeyInEnvoysOrder() throws Exception {
        Credential client = awkward();
        List<X509Certificate> sent = List.of(client.certificate(), PKI.intermediate().certificate());
        CertificateFacts facts = CertificateFacts.of(client.certificate());

        String element = Xfcc.element(List.of("spiffe://gateway.example/certgate"), facts.fingerprint().hex(),
                facts.subject().rfc4514(), facts.subjectAltNames().uris(), facts.subjectAltNames().dnsNames(), ders(sent));

        assertThat(element).isEqualTo("By=spiffe://gateway.example/certgate"
                + ";Hash=" + sha256(der(client.certificate()))
                + ";Cert=\"" + escapedPem(List.of(client.certificate())) + "\""
                + ";Chain=\"" + escapedPem(sent) + "\""
                + ";Subject=\"CN=Bob \\\\\\\"B\\\\\\\" Smith\\\\, Jr\\\\; Esq\\\\=1,O=certgate tests\""
                + ";URI=\"spiffe://example.org/ns/a;b=c\";URI=https://app.example/x"
                + ";DNS=a.example;DNS=b.example");
    }

    @Test
    void theQuotedSubjectReadsBackAsTheCertificatesOwnName() throws Exception {
        Credential client = awkward();
        CertificateFacts facts = CertificateFacts.of(client.certificate());
        String element = Xfcc.element(List.of(), facts.fingerprint().hex(), facts.subject().rfc4514(), List.of(),
                List.of(), ders(List.of(client.certificate())));
        String quoted = element.substring(element.indexOf("Subject=") + "Subject=".length(), element.indexOf(";URI="));

        assertThat(new X500Principal(unquote(quoted))).as("the JDK's reading of the RFC 4514 text")
                .isEqualTo(client.certificate().getSubjectX500Principal());
    }

    @Test
    void withoutUrisOrAServerUriEnvoysEmptyUriKeyStaysAndByIsLeftOut() throws Exception {
        Credential alice = PKI.client("alice").build();
        CertificateFacts facts = CertificateFacts.of(alice.certificate());
        String element = Xfcc.element(List.of(), facts.fingerprint().hex(), facts.subject().rfc4514(), List.of(),
                List.of(), ders(List.of(alice.certificate())));
        assertThat(element).startsWith("Hash=").doesNotContain("By=", "DNS=")
                .endsWith(";Subject=\"CN=alice,O=certgate tests\";URI=");
    }

    @Test
    void valuesThatNoHeaderMayCarryAreWrittenAsPercentEscapesNeverRaw() {
        assertThat(Xfcc.value("spiffe://a/b")).isEqualTo("spiffe://a/b");
        assertThat(Xfcc.value("urn:x\r\nX-Injected: 1")).isEqualTo("\"urn:x%0D%0AX-Injected: 1\"");
        assertThat(Xfcc.value("https://zo\u00eb.example")).isEqualTo("\"https://zo%C3%AB.example\"");
        assertThat(Xfcc.value("a\\b")).isEqualTo("\"a\\\\b\"");
    }

    @Test
    void encodingsAreMadeOnlyForWhatSomeLocationSends() throws Exception {
        Credential alice = PKI.client("alice").build();
        CertificateFacts facts = CertificateFacts.of(alice.certificate());
        List<X509Certificate> sent = List.of(alice.certificate(), PKI.intermediate().certificate());

        assertThat(CertificateEncodings.of(IdentityFormatsConfig.DEFAULTS, facts, "s", sent, List.of()))
                .isEqualTo(CertificateEncodings.NONE);
        CertificateEncodings all = CertificateEncodings.of(new IdentityFormatsConfig(
                Set.of(IdentityHeaderFormat.values()), true), facts, "CN=alice", sent, List.of());
        assertThat(all.pemChain()).isEqualTo(escapedPem(sent));
        assertThat(all.clientCert()).isEqualTo(":" + Base64.toBase64String(der(alice.certificate())) + ":");
        assertThat(all.clientCertChain()).isEqualTo(":" + Base64.toBase64String(der(PKI.intermediate().certificate())) + ":");
        assertThat(all.xfcc()).contains(";Subject=\"CN=alice\";");
        CertificateEncodings xfccOnly = CertificateEncodings.of(new IdentityFormatsConfig(
                Set.of(IdentityHeaderFormat.XFCC), true), facts, "CN=alice", sent, List.of());
        assertThat(xfccOnly.pemChain()).as("chain: true is the certgate format's").isNull();
        assertThat(xfccOnly.clientCert()).isNull();
    }

    @Test
    void aRecordedChainThatDoesNotStartWithTheJudgedCertificateDescribesOnlyThatCertificate() throws Exception {
        Credential alice = PKI.client("alice").build();
        Credential other = PKI.client("other").build();
        CertificateEncodings encodings = CertificateEncodings.of(new IdentityFormatsConfig(
                        Set.of(IdentityHeaderFormat.RFC9440), false), CertificateFacts.of(alice.certificate()), "CN=alice",
                List.of(other.certificate(), PKI.intermediate().certificate()), List.of());
        assertThat(encodings.clientCert()).isEqualTo(":" + Base64.toBase64String(der(alice.certificate())) + ":");
        assertThat(encodings.clientCertChain()).isNull();
    }
}
