package io.certgate.x509;

import static io.certgate.testing.NameValues.universal;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import java.time.Instant;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
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
import org.junit.jupiter.api.Test;

/**
 * Every string form a CA may write a name in reads as the same text (RFC 5280 §4.1.2.4), and the
 * RFC 4514 text says exactly one thing: repeated and multi-valued attributes, escaped specials,
 * invisible characters, and values that are not valid in their form.
 */
class NameStringFormsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW);

    /** The subject of a certificate minted with this OU value (and O=Example, CN=alice, in that encoding order). */
    private static DistinguishedName subjectWithOu(ASN1Encodable ou) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, new DERPrintableString("Example"))
                .addRDN(BCStyle.OU, ou)
                .addRDN(BCStyle.CN, new DERUTF8String("alice"));
        return subject(name);
    }

    private static DistinguishedName subject(X500NameBuilder name) {
        Credential credential = PKI.client("x").subject(name.build()).build();
        return CertificateFacts.of(credential.certificate()).subject();
    }

    @Test
    void everyDirectoryStringFormOfAnOuReadsAsTheSameText() {
        ASN1Encodable[] forms = {new DERUTF8String("Contractors"), new DERPrintableString("Contractors"),
                new DERT61String("Contractors"), new DERBMPString("Contractors"), universal("Contractors"),
                new DERIA5String("Contractors")};
        for (ASN1Encodable form : forms) {
            DistinguishedName name = subjectWithOu(form);
            assertThat(name.values(NameAttribute.OU)).as(form.getClass().getSimpleName()).containsExactly("Contractors");
            assertThat(name.rfc4514()).as(form.getClass().getSimpleName()).isEqualTo("CN=alice,OU=Contractors,O=Example");
        }
    }

    @Test
    void nonAsciiTextReadsAlikeInUtf8BmpUniversalAndTeletex() {
        String text = "Zo\u00eb M\u00fcller";
        for (ASN1Encodable form : new ASN1Encodable[] {new DERUTF8String(text), new DERBMPString(text),
                universal(text), new DERT61String(text)}) {
            assertThat(subjectWithOu(form).values(NameAttribute.OU)).as(form.getClass().getSimpleName())
                    .containsExactly(text);
        }
    }

    @Test
    void universalStringBeyondTheBmpKeepsItsCodePoints() {
        String emoji = "Team \uD83D\uDE80";
        DistinguishedName name = subjectWithOu(universal(emoji));

        assertThat(name.values(NameAttribute.OU)).containsExactly(emoji);
        assertThat(name.rfc4514()).contains("OU=" + emoji);
    }

    @Test
    void teletexStringIsReadAsLatin1() {
        // BC writes each char of a T61String as one octet: 0xE9 for é, which UTF-8 would refuse.
        DistinguishedName name = subjectWithOu(new DERT61String("Caf\u00e9"));

        assertThat(name.values(NameAttribute.OU)).containsExactly("Caf\u00e9");
    }

    @Test
    void aValueInvalidInItsFormIsHexInTheTextAndNoValue() {
        // 0x00110000 is beyond U+10FFFF: no character.
        DERUniversalString invalid = new DERUniversalString(Hex.decode("00000043" + "00110000"));
        DistinguishedName name = subjectWithOu(invalid);

        assertThat(name.values(NameAttribute.OU)).isEmpty();
        assertThat(name.rfc4514()).isEqualTo("CN=alice,OU=#1c080000004300110000,O=Example");
    }

    @Test
    void aValueThatIsNoStringIsHexAndNoValue() {
        DistinguishedName name = subjectWithOu(new ASN1Integer(7));

        assertThat(name.values(NameAttribute.OU)).isEmpty();
        assertThat(name.rfc4514()).isEqualTo("CN=alice,OU=#020107,O=Example");
    }

    @Test
    void anOddLengthBmpStringSpoilsOnlyItsOwnValue() {
        // Bouncy Castle refuses the whole name for this; the JDK accepts it, so certgate must read the rest.
        // SEQUENCE { SET { O=Example (PrintableString) } SET { OU = BMPString 00 43 00 } SET { CN=alice } }
        byte[] der = Hex.decode("3033"
                + "3110300e060355040a13074578616d706c65"
                + "310c300a060355040b1e03004300"
                + "3111300f06035504030c08616c6963652d6f6b");
        DistinguishedName name = DistinguishedName.of(new X500Principal(der));

        assertThat(name.values(NameAttribute.OU)).isEmpty();
        assertThat(name.values(NameAttribute.CN)).containsExactly("alice-ok");
        assertThat(name.rfc4514()).isEqualTo("CN=alice-ok,OU=#1e03004300,O=Example");
    }

    @Test
    void repeatedCommonNamesAreTwoValuesAndTwoRdnsMostSpecificFirst() {
        DistinguishedName name = subject(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.CN, "alice")
                .addRDN(BCStyle.CN, "mallory"));

        assertThat(name.values(NameAttribute.CN)).containsExactly("alice", "mallory");
        assertThat(name.rfc4514()).isEqualTo("CN=mallory,CN=alice,O=Example");
    }

    @Test
    void aMultiValuedRdnKeepsEachValueAndJoinsThemWithPlus() {
        DistinguishedName name = subject(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Example")
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {BCStyle.CN, BCStyle.CN},
                        new ASN1Encodable[] {new DERUTF8String("a"), new DERUTF8String("b")}));

        assertThat(name.values(NameAttribute.CN)).containsExactlyInAnyOrder("a", "b");
        assertThat(name.rfc4514()).matches("CN=(a\\+CN=b|b\\+CN=a),O=Example");
    }

    @Test
    void aValueThatLooksLikeTwoAttributesIsEscapedIntoOne() {
        DistinguishedName name = subject(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.CN, new DERUTF8String("alice,CN=mallory+OU=x;\"<>\\")));

        assertThat(name.values(NameAttribute.CN)).containsExactly("alice,CN=mallory+OU=x;\"<>\\");
        assertThat(name.rfc4514()).isEqualTo("CN=alice\\,CN\\=mallory\\+OU\\=x\\;\\\"\\<\\>\\\\,O=Example");
    }

    @Test
    void leadingHashAndLeadingOrTrailingSpacesAreEscaped() {
        DistinguishedName name = subjectWithOu(new DERUTF8String("#1 team "));

        assertThat(name.rfc4514()).isEqualTo("CN=alice,OU=\\#1 team\\ ,O=Example");
        assertThat(name.values(NameAttribute.OU)).containsExactly("#1 team ");
    }

    @Test
    void invisibleCharactersAreWrittenAsUtf8HexSoNobodyIsFooled() {
        DistinguishedName name = subjectWithOu(new DERBMPString("Contractors\u200b\u0000\r\n"));

        assertThat(name.rfc4514()).isEqualTo("CN=alice,OU=Contractors\\e2\\80\\8b\\00\\0d\\0a,O=Example");
        assertThat(name.values(NameAttribute.OU)).containsExactly("Contractors\u200b\u0000\r\n");
    }

    @Test
    void shortLabelOfANameWithTwoCommonNamesShowsBoth() {
        DistinguishedName name = subject(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "alice").addRDN(BCStyle.CN, "mallory"));

        assertThat(name.shortLabel()).isEqualTo("CN=mallory,CN=alice");
    }

    @Test
    void shortLabelEscapesItsCommonName() {
        DistinguishedName name = subject(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, new DERUTF8String("alice,CN=mallory")));

        assertThat(name.shortLabel()).isEqualTo("CN=alice\\,CN\\=mallory");
    }

    @Test
    void anAttributeWithoutAKeywordIsItsOidAndHex() {
        DistinguishedName name = subject(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.SERIALNUMBER, new DERPrintableString("42"))
                .addRDN(BCStyle.CN, "alice"));

        assertThat(name.rfc4514()).isEqualTo("CN=alice,2.5.4.5=#13023432");
        assertThat(name.rfc4514()).isEqualTo(new X500Principal(name.rfc4514()).getName(X500Principal.RFC2253));
    }
}
