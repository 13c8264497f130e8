package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.Credential;
import io.certgate.testing.LargeCrl;
import io.certgate.testing.TestPki;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compact form of a CRL: parsing, O(1) lookup, reasons and dates, signatures, and what it refuses to read. */
class CompactCrlTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final TestPki pki = TestPki.create(NOW);
    private final Credential ca = pki.intermediate();
    private final X500Principal issuer = ca.certificate().getSubjectX500Principal();

    @Test
    void listedSerialsAreFoundWithTheirDateAndReasonAndOthersAreNot() throws Exception {
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW)
                .revoke(BigInteger.valueOf(7), CrlMint.KEY_COMPROMISE)
                .revoke(BigInteger.valueOf(8), CrlMint.CERTIFICATE_HOLD)
                .revoke(BigInteger.valueOf(9)).der());

        assertThat(crl.size()).isEqualTo(3);
        assertThat(crl.find(issuer, BigInteger.valueOf(7))).hasValueSatisfying(entry -> {
            assertThat(entry.revokedAt()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
            assertThat(entry.reasonName()).contains("keyCompromise");
        });
        assertThat(crl.find(issuer, BigInteger.valueOf(8)).flatMap(CrlEntry::reasonName)).contains("certificateHold");
        assertThat(crl.find(issuer, BigInteger.valueOf(9))).hasValueSatisfying(entry ->
                assertThat(entry.reasonCode()).isEqualTo(RevokedSerials.NO_REASON));
        assertThat(crl.find(issuer, BigInteger.valueOf(10))).isEmpty();
    }

    @Test
    void headerFieldsAreRead() throws Exception {
        Instant thisUpdate = Instant.parse("2026-02-28T00:00:00Z");
        Instant nextUpdate = Instant.parse("2051-01-01T00:00:00Z"); // GeneralizedTime from 2050 on (RFC 5280 §5.1.2.4)
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).validity(thisUpdate, nextUpdate).number(42).der());

        assertThat(crl.issuer()).isEqualTo(issuer);
        assertThat(crl.thisUpdate()).isEqualTo(thisUpdate);
        assertThat(crl.nextUpdate()).contains(nextUpdate);
        assertThat(crl.extensions().number()).contains(BigInteger.valueOf(42));
        assertThat(crl.isDelta()).isFalse();
        assertThat(crl.unusable()).isEmpty();
    }

    @ParameterizedTest(name = "serial {0}")
    @ValueSource(strings = {"1", "127", "128", "255", "256", "-1", "-128", "-129",
            "1461501637330902918203684832716283019655932542975" /* 2^160 - 1: 20 octets */})
    void serialsOfEveryLengthAndSignAreFound(String serial) throws Exception {
        BigInteger value = new BigInteger(serial);
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW).revoke(value, CrlMint.KEY_COMPROMISE)
                .revoke(value.add(BigInteger.TWO), CrlMint.KEY_COMPROMISE).der());

        assertThat(crl.find(issuer, value)).isPresent();
        assertThat(crl.find(issuer, value.add(BigInteger.ONE))).isEmpty();
    }

    @Test
    void serialsWrittenWithRedundantLeadingBytesAreFoundByTheirValue() {
        byte[] padded = {0x00, 0x00, 0x05};
        int[] minimal = CrlParser.minimal(padded, 0, padded.length);
        assertThat(Arrays.copyOfRange(padded, minimal[0], minimal[0] + minimal[1])).isEqualTo(BigInteger.valueOf(5).toByteArray());

        byte[] negative = {(byte) 0xff, (byte) 0xff, (byte) 0x80};
        int[] shortest = CrlParser.minimal(negative, 0, negative.length);
        assertThat(Arrays.copyOfRange(negative, shortest[0], shortest[0] + shortest[1]))
                .isEqualTo(BigInteger.valueOf(-128).toByteArray());
    }

    @Test
    void aQuarterMillionRandomSerialsAreEachFoundAndTheirNeighboursAreNot() throws Exception {
        int count = 250_000;
        LargeCrl large = LargeCrl.of(ca, count, NOW.minus(Duration.ofMinutes(5)), 42, count);
        CompactCrl crl = CompactCrl.parse(large.der());

        int found = 0;
        int neighboursFound = 0;
        for (BigInteger serial : large.someListed()) {
            found += crl.find(issuer, serial).isPresent() ? 1 : 0;
            neighboursFound += crl.find(issuer, serial.add(BigInteger.ONE)).isPresent() ? 1 : 0;
        }
        assertThat(crl.size()).isEqualTo(count);
        assertThat(found).isEqualTo(count);
        assertThat(neighboursFound).isZero();
        assertThat(crl.verifiesWith(ca.certificate().getPublicKey())).isTrue();
    }

    @Test
    void aSerialListedTwiceKeepsItsFirstEntry() throws Exception {
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW).revoke(BigInteger.TEN, CrlMint.KEY_COMPROMISE)
                .revoke(BigInteger.TEN, CrlMint.CERTIFICATE_HOLD).der());

        assertThat(crl.find(issuer, BigInteger.TEN).flatMap(CrlEntry::reasonName)).contains("keyCompromise");
    }

    @Test
    void indirectEntriesBelongToTheIssuerTheyNameAndThoseAfterThem() throws Exception {
        Credential other = TestPki.create(NOW, "Other").intermediate();
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW)
                .scope(new org.bouncycastle.asn1.x509.IssuingDistributionPoint(null, false, false, null, true, false))
                .revoke(BigInteger.ONE, CrlMint.KEY_COMPROMISE)
                .revokeFor(other, BigInteger.TWO).revoke(BigInteger.valueOf(3), CrlMint.KEY_COMPROMISE).der());
        X500Principal otherName = other.certificate().getSubjectX500Principal();

        assertThat(crl.isIndirect()).isTrue();
        assertThat(crl.find(issuer, BigInteger.ONE)).isPresent();
        assertThat(crl.find(issuer, BigInteger.TWO)).isEmpty();
        assertThat(crl.find(otherName, BigInteger.TWO)).isPresent();
        assertThat(crl.find(otherName, BigInteger.valueOf(3))).as("certificateIssuer carries over to later entries").isPresent();
        assertThat(crl.find(issuer, BigInteger.valueOf(3))).isEmpty();
    }

    @Test
    void anUnknownCriticalEntryExtensionMakesTheWholeCrlUnusable() throws Exception {
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW).revokeWithUnknownExtension(BigInteger.TEN).der());

        assertThat(crl.unusable()).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("entry a has the critical extension " + CrlMint.UNKNOWN + ", which certgate does not understand"));
    }

    @Test
    void anUnknownCriticalCrlExtensionMakesItUnusable() throws Exception {
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW).unknownCriticalExtension().der());

        assertThat(crl.unusable()).contains("the CRL has the critical extension " + CrlMint.UNKNOWN
                + ", which certgate does not understand");
    }

    @Test
    void aDeltaCrlNamesItsBase() throws Exception {
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW).number(5).delta(4).der());

        assertThat(crl.isDelta()).isTrue();
        assertThat(crl.extensions().deltaBase()).contains(BigInteger.valueOf(4));
    }

    @Test
    void theSignatureVerifiesWithTheIssuerKeyOnlyAndIsRememberedAfterTheBytesAreDropped() throws Exception {
        Credential stranger = TestPki.create(NOW, "Stranger").intermediate();
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW).revoke(BigInteger.ONE).der());

        assertThat(crl.verifiesWith(stranger.certificate().getPublicKey())).isFalse();
        assertThat(crl.verifiesWith(ca.certificate().getPublicKey())).isTrue();
        assertThat(crl.verifiesWith(ca.certificate().getPublicKey())).isTrue();
        assertThat(crl.verifiesWith(pki.root().certificate().getPublicKey())).isFalse();
    }

    @Test
    void primingWithTheSitesCertificatesVerifiesAtLoadAndLetsTheSignedBytesGo() throws Exception {
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW).revoke(BigInteger.ONE).der());
        assertThat(crl.holdsSignedBytes()).isTrue();

        crl.primeSignature(java.util.List.of(pki.root().certificate(), ca.certificate()));

        assertThat(crl.holdsSignedBytes()).isFalse();
        assertThat(crl.verifiesWith(ca.certificate().getPublicKey())).isTrue();
    }

    @Test
    void primingWithCertificatesOfOtherNamesChangesNothing() throws Exception {
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).at(NOW).der());

        crl.primeSignature(java.util.List.of(pki.root().certificate()));

        assertThat(crl.holdsSignedBytes()).isTrue();
    }

    @Test
    void aCrlSignedByAnotherKeyDoesNotVerifyWithTheIssuers() throws Exception {
        Credential impostor = TestPki.create(NOW, "Impostor").intermediate();
        CompactCrl crl = CompactCrl.parse(CrlMint.by(ca).signedBy(impostor).at(NOW).der());

        assertThat(crl.verifiesWith(ca.certificate().getPublicKey())).isFalse();
    }

    @Test
    void garbageIsRefusedSayingWhere() {
        assertThatThrownBy(() -> CompactCrl.parse("<html>It works!</html>".getBytes()))
                .isInstanceOf(MalformedCrlException.class)
                .hasMessage("expected SEQUENCE at offset 0, found tag 0x3c");
    }

    @Test
    void emptyInputIsRefused() {
        assertThatThrownBy(() -> CompactCrl.parse(new byte[0])).isInstanceOf(MalformedCrlException.class)
                .hasMessageStartingWith("ends early");
    }

    @Test
    void everyTruncationIsRefusedAndNoneThrowsAnythingElse() {
        byte[] der = CrlMint.by(ca).at(NOW).revoke(BigInteger.ONE, CrlMint.KEY_COMPROMISE).der();
        for (int length = 0; length < der.length; length++) {
            byte[] cut = Arrays.copyOf(der, length);
            assertThatThrownBy(() -> CompactCrl.parse(cut)).as("cut at %d", length).isInstanceOf(MalformedCrlException.class);
        }
    }

    @Test
    void bytesAfterTheCrlAreRefused() {
        byte[] der = CrlMint.by(ca).at(NOW).der();
        byte[] longer = Arrays.copyOf(der, der.length + 1);

        assertThatThrownBy(() -> CompactCrl.parse(longer)).hasMessage("there are bytes after the CRL");
    }

    @Test
    void anIndefiniteLengthIsNotDer() {
        byte[] der = {0x30, (byte) 0x80, 0x00, 0x00};

        assertThatThrownBy(() -> CompactCrl.parse(der)).hasMessage("indefinite length at offset 1 is not DER");
    }

    @Test
    void aLengthLargerThanTheInputIsRefusedBeforeAnythingIsAllocated() {
        byte[] der = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00};

        assertThatThrownBy(() -> CompactCrl.parse(der)).hasMessageContaining("claims 2147483647 bytes");
    }

    @Test
    void aCertificateIsNotACrl() throws Exception {
        byte[] certificate = ca.certificate().getEncoded();

        assertThatThrownBy(() -> CompactCrl.parse(certificate)).isInstanceOf(MalformedCrlException.class);
    }

    @Test
    void timesAreReadAsUtcWithTheRfc5280CenturyRule() throws Exception {
        assertThat(time("490101000000Z", false)).isEqualTo(Instant.parse("2049-01-01T00:00:00Z"));
        assertThat(time("500101000000Z", false)).isEqualTo(Instant.parse("1950-01-01T00:00:00Z"));
        assertThat(time("20240229235959Z", true)).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
        assertThat(time("20240229235959.123Z", true)).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
        assertThat(time("2402292359Z", false)).as("seconds left out").isEqualTo(Instant.parse("2024-02-29T23:59:00Z"));
        assertThatThrownBy(() -> time("240229235959+0100", false)).isInstanceOf(MalformedCrlException.class);
        assertThatThrownBy(() -> time("241329235959Z", false)).isInstanceOf(MalformedCrlException.class);
    }

    private static Instant time(String text, boolean generalized) throws MalformedCrlException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return Instant.ofEpochSecond(Der.Times.epochSecond(bytes, 0, bytes.length, generalized));
    }

    @Test
    void unusedReasonCodesHaveNoName() {
        assertThat(new CrlEntry(BigInteger.ONE, NOW, (byte) 7).reasonName()).isEqualTo(Optional.empty());
        assertThat(new CrlEntry(BigInteger.ONE, NOW, CrlEntry.UNSPECIFIED).reasonName()).isEmpty();
        assertThat(new CrlEntry(BigInteger.ONE, NOW, CrlEntry.REMOVE_FROM_CRL).removesFromCrl()).isTrue();
    }
}
