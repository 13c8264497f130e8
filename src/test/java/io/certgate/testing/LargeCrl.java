package io.certgate.testing;

import io.certgate.pki.Credential;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A CRL with very many entries, written straight as DER and signed by a CA: Bouncy Castle's CRL
 * builder takes minutes for a million entries, this takes well under a second. Serials are 16
 * random bytes, as real CAs issue them, from a seeded generator so that runs are comparable.
 */
public final class LargeCrl {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    /** id-ce-cRLReasons with keyCompromise: SEQUENCE { OID 2.5.29.21, OCTET STRING { ENUMERATED 1 } }. */
    private static final byte[] KEY_COMPROMISE = {0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, 0x01};
    private static final int SERIAL_BYTES = 16;
    /** crlExtensions [0] { SEQUENCE { cRLNumber 1: SEQUENCE { OID 2.5.29.20, OCTET STRING { INTEGER 1 } } } }: RFC 5280 §5.2.3 requires one. */
    private static final byte[] CRL_NUMBER_1 = {(byte) 0xa0, 0x0e, 0x30, 0x0c,
            0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x14, 0x04, 0x03, 0x02, 0x01, 0x01};

    private final byte[] der;
    private final BigInteger[] someListed;

    private LargeCrl(byte[] der, BigInteger[] someListed) {
        this.der = der;
        this.someListed = someListed;
    }

    /**
     * {@code entries} revoked serials, each with a reasonCode, signed by {@code issuer}, issued at
     * {@code thisUpdate} and valid for a week; {@code sample} of the serials are kept for lookups.
     */
    public static LargeCrl of(Credential issuer, int entries, Instant thisUpdate, long seed, int sample) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] date = ascii(UTC_TIME.format(thisUpdate));
        ByteArrayOutputStream list = new ByteArrayOutputStream(entries * 48);
        BigInteger[] kept = new BigInteger[Math.min(sample, entries)];
        byte[] serial = new byte[SERIAL_BYTES];
        for (int i = 0; i < entries; i++) {
            random.nextBytes(serial);
            serial[0] = (byte) ((serial[0] & 0x7f) | 0x01); // positive, no leading zero: the minimal encoding
            int entryLength = 2 + SERIAL_BYTES + 2 + date.length + KEY_COMPROMISE.length;
            list.write(0x30);
            list.write(entryLength);
            list.write(0x02);
            list.write(SERIAL_BYTES);
            list.write(serial, 0, SERIAL_BYTES);
            list.write(0x17);
            list.write(date.length);
            list.write(date, 0, date.length);
            list.write(KEY_COMPROMISE, 0, KEY_COMPROMISE.length);
            if (i < kept.length) {
                kept[i] = new BigInteger(serial);
            }
        }
        try {
            String algorithm = issuer.privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] algorithmId = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm).getEncoded();
            ByteArrayOutputStream tbs = new ByteArrayOutputStream(list.size() + 512);
            tbs.write(new byte[] {0x02, 0x01, 0x01}); // v2
            tbs.write(algorithmId);
            tbs.write(issuer.certificate().getSubjectX500Principal().getEncoded());
            tlv(tbs, 0x17, date);
            tlv(tbs, 0x17, ascii(UTC_TIME.format(thisUpdate.plusSeconds(7 * 86_400))));
            tlv(tbs, 0x30, list.toByteArray());
            tbs.write(CRL_NUMBER_1);
            byte[] tbsBytes = sequence(tbs.toByteArray());
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(issuer.privateKey());
            signer.update(tbsBytes);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bits, 1, signature.length);
            ByteArrayOutputStream crl = new ByteArrayOutputStream(tbsBytes.length + 256);
            crl.write(tbsBytes);
            crl.write(algorithmId);
            tlv(crl, 0x03, bits);
            return new LargeCrl(sequence(crl.toByteArray()), kept);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot sign the large CRL: " + e.getMessage(), e);
        }
    }

    public byte[] der() {
        return der.clone();
    }

    /** The first serials listed (as many as {@code sample} asked for). */
    public BigInteger[] someListed() {
        return someListed.clone();
    }

    private static byte[] sequence(byte[] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
        tlv(out, 0x30, contents);
        return out.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int tag, byte[] contents) {
        out.write(tag);
        int length = contents.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.write(contents, 0, contents.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
