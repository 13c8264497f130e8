package io.certgate.identity;

import static io.certgate.testing.NameValues.universal;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ConfigException;
import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import java.nio.file.Path;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deny rule on {@code OU = Contractors} stops every certificate a person would read as an OU of
 * Contractors: any string form, a zero-width space or a trailing space after it, full-width
 * letters; and a field with several values (two CNs, a multi-valued RDN) is matched value by
 * value.
 */
class NameMatchingTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final TestPki PKI = TestPki.create(NOW);

    @TempDir
    Path dir;
    CertificateMapper mapper;

    @BeforeEach
    void compile() throws ConfigException {
        mapper = CertificateMapper.compile(SiteYaml.in(dir, PKI).load("""
                accounts:
                  staff: {}
                  admin: {}
                manyToOneMappings:
                  - name: no-contractors
                    permissionMode: deny
                    rules:
                      - { certificateField: subject, certificateSubField: OU, matchCriteria: Contractors }
                  - name: no-mallory
                    permissionMode: deny
                    rules:
                      - { certificateField: subject, certificateSubField: CN, matchCriteria: "mallory*",
                          compareCaseSensitive: false }
                  - name: admins
                    userName: admin
                    rules:
                      - { certificateField: subject, certificateSubField: CN, matchCriteria: "admin" }
                  - name: everyone-at-example
                    userName: staff
                    rules:
                      - { certificateField: subject, certificateSubField: O, matchCriteria: "Example" }
                """));
    }

    private static CertificateFacts withOu(ASN1Encodable ou) {
        return certificate(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, new DERPrintableString("Example"))
                .addRDN(BCStyle.OU, ou)
                .addRDN(BCStyle.CN, "worker"));
    }

    private static CertificateFacts certificate(X500NameBuilder subject) {
        return CertificateFacts.of(PKI.client("x").subject(subject.build()).build().certificate());
    }

    private String outcome(CertificateFacts certificate) {
        Identity identity = mapper.map(certificate);
        if (identity instanceof Identity.Denied denied) {
            return "denied: " + denied.why();
        }
        return identity.accountName().map(a -> "account " + a).orElse("no account");
    }

    @Test
    void denyRuleStopsContractorsInEveryStringForm() {
        ASN1Encodable[] forms = {new DERUTF8String("Contractors"), new DERPrintableString("Contractors"),
                new DERT61String("Contractors"), new DERBMPString("Contractors"), universal("Contractors"),
                new DERIA5String("Contractors")};
        for (ASN1Encodable form : forms) {
            assertThat(outcome(withOu(form))).as(form.getClass().getSimpleName()).contains("no-contractors");
        }
    }

    @Test
    void denyRuleStopsContractorsWithInvisibleOrInsignificantExtras() {
        String[] variants = {"Contractors\u200b", "Contractors ", " Contractors", "Contr\u00adactors",
                "\uff23\uff4f\uff4e\uff54\uff52\uff41\uff43\uff54\uff4f\uff52\uff53", "Contractors\u00a0", "\ufeffContractors"};
        for (String variant : variants) {
            assertThat(outcome(withOu(new DERUTF8String(variant)))).as(escaped(variant)).contains("no-contractors");
            assertThat(outcome(withOu(new DERBMPString(variant)))).as("BMP " + escaped(variant))
                    .contains("no-contractors");
        }
    }

    @Test
    void aDifferentOuIsNotDenied() {
        assertThat(outcome(withOu(new DERUTF8String("Contractors Ltd")))).isEqualTo("account staff");
        assertThat(outcome(withOu(new DERUTF8String("Contr actors")))).isEqualTo("account staff");
    }

    @Test
    void caseFoldingWorksOnPreparedTextWhenAsked() {
        // Full-width lower case; the rule is "mallory*", compareCaseSensitive: false.
        CertificateFacts wide = certificate(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.CN, new DERBMPString("\uff2d\uff21\uff2c\uff2c\uff2f\uff32\uff39\u200b 2")));
        assertThat(outcome(wide)).contains("no-mallory");
    }

    @Test
    void aValueInvalidInItsFormIsNeverMatchedAsText() throws ConfigException {
        CertificateMapper star = CertificateMapper.compile(SiteYaml.in(dir, PKI).load("""
                accounts:
                  any-ou: {}
                manyToOneMappings:
                  - name: any-ou
                    userName: any-ou
                    rules:
                      - { certificateField: subject, certificateSubField: OU, matchCriteria: "*" }
                """));
        // A UniversalString "C" followed by a code point beyond U+10FFFF: no text, shown as #hex.
        CertificateFacts invalid = withOu(new DERUniversalString(Hex.decode("0000004300110000")));

        assertThat(invalid.subject().rfc4514()).contains("OU=#1c08");
        assertThat(star.map(invalid).accountName()).isEmpty();
        assertThat(star.map(withOu(universal("C"))).accountName()).contains("any-ou");
    }

    @Test
    void denyRuleMatchesWhenAnyOfTwoCommonNamesMatches() {
        CertificateFacts twoRdns = certificate(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.CN, "alice").addRDN(BCStyle.CN, "mallory"));
        CertificateFacts mallorySecond = certificate(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.CN, "mallory").addRDN(BCStyle.CN, "alice"));
        CertificateFacts multiValued = certificate(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {BCStyle.CN, BCStyle.CN},
                        new ASN1Encodable[] {new DERUTF8String("alice"), new DERUTF8String("mallory")}));

        assertThat(outcome(twoRdns)).contains("no-mallory");
        assertThat(outcome(mallorySecond)).contains("no-mallory");
        assertThat(outcome(multiValued)).contains("no-mallory");
    }

    @Test
    void allowRuleMatchesWhenAnyValueMatchesAsTheReadmeSays() {
        // The account comes from the config, never from the certificate: a second CN can only
        // satisfy a rule the administrator wrote for a value the CA put in the certificate.
        CertificateFacts adminAndBob = certificate(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.CN, "bob").addRDN(BCStyle.CN, "admin"));

        assertThat(outcome(adminAndBob)).isEqualTo("account admin");
    }

    @Test
    void aCommonNameThatSpellsTwoIsOneValue() {
        CertificateFacts oneCn = certificate(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.CN, new DERUTF8String("admin,CN=mallory")));

        assertThat(oneCn.subject().values(io.certgate.x509.NameAttribute.CN)).containsExactly("admin,CN=mallory");
        assertThat(outcome(oneCn)).as("neither CN=admin nor CN=mallory*").isEqualTo("account staff");
    }

    @Test
    void patternIsPreparedToo() throws ConfigException {
        CertificateMapper spaced = CertificateMapper.compile(SiteYaml.in(dir, PKI).load("""
                manyToOneMappings:
                  - name: spaced
                    permissionMode: deny
                    rules:
                      - { certificateField: subject, certificateSubField: OU, matchCriteria: "  Sales\u3000 * " }
                """));
        assertThat(spaced.map(withOu(new DERUTF8String("Sales East")))).isInstanceOf(Identity.Denied.class);
        assertThat(spaced.map(withOu(new DERUTF8String("Sales")))).isNotInstanceOf(Identity.Denied.class);
    }

    private static String escaped(String text) {
        return text.codePoints().mapToObj(c -> c < 0x7f ? String.valueOf((char) c) : String.format("U+%04X", c))
                .reduce("", String::concat);
    }
}
