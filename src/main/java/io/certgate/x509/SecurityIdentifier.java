package io.certgate.x509;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * A Windows security identifier (SID) such as {@code S-1-5-21-1004336348-1177238915-682003330-1105}:
 * read from a certificate's szOID_NTDS_CA_SECURITY_EXT extension (KB5014754), and written in
 * the binary form of AD's {@code objectSid} ([MS-DTYP] 2.4.2.2: revision, sub-authority count,
 * 48-bit big-endian identifier authority, then 32-bit little-endian sub-authorities).
 */
public record SecurityIdentifier(String text) {

    /** szOID_NTDS_CA_SECURITY_EXT: AD CS puts the requester's SID here (KB5014754). */
    public static final String EXTENSION_OID = "1.3.6.1.4.1.311.25.2";
    /** szOID_NTDS_OBJECTSID: the otherName type inside the extension. */
    public static final String OTHER_NAME_OID = "1.3.6.1.4.1.311.25.2.1";
    /** [MS-DTYP] 2.4.2: at most 15 sub-authorities. */
    private static final int MAX_SUB_AUTHORITIES = 15;

    /** Parses {@code S-1-<authority>-<sub>...}; empty when the text is not a SID. */
    public static Optional<SecurityIdentifier> parse(String text) {
        String[] parts = text.trim().split("-");
        if (parts.length < 3 || parts.length - 3 > MAX_SUB_AUTHORITIES || !parts[0].equalsIgnoreCase("S")
                || !parts[1].equals("1")) {
            return Optional.empty();
        }
        try {
            long authority = Long.parseLong(parts[2]);
            if (authority < 0 || authority >= 1L << 48) {
                return Optional.empty();
            }
            for (int i = 3; i < parts.length; i++) {
                long sub = Long.parseLong(parts[i]);
                if (sub < 0 || sub > 0xFFFFFFFFL) {
                    return Optional.empty();
                }
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new SecurityIdentifier("S" + text.trim().substring(1)));
    }

    /** The SID of the certificate's SID extension; empty when it has none or it cannot be read. */
    public static Optional<SecurityIdentifier> of(X509Certificate certificate) {
        byte[] value = DecodedCertificate.of(certificate).extensionValue(EXTENSION_OID);
        if (value == null) {
            return Optional.empty();
        }
        try {
            ASN1Primitive names = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(value).getOctets());
            for (ASN1Encodable item : ASN1Sequence.getInstance(names)) {
                GeneralName name = GeneralName.getInstance(item);
                if (name.getTagNo() != GeneralName.otherName) {
                    continue;
                }
                ASN1Sequence other = ASN1Sequence.getInstance(name.getName());
                if (!ASN1ObjectIdentifier.getInstance(other.getObjectAt(0)).getId().equals(OTHER_NAME_OID)) {
                    continue;
                }
                ASN1Primitive inner = ASN1TaggedObject.getInstance(other.getObjectAt(1)).getBaseObject().toASN1Primitive();
                String text = new String(ASN1OctetString.getInstance(inner).getOctets(), StandardCharsets.US_ASCII);
                return parse(text);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // A malformed extension identifies nobody; the mapping falls back as if it were absent.
        }
        return Optional.empty();
    }

    /** The binary form AD stores in {@code objectSid}. */
    public byte[] toBinary() {
        String[] parts = text.split("-");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(parts.length - 3);
        long authority = Long.parseLong(parts[2]);
        for (int shift = 40; shift >= 0; shift -= 8) {
            out.write((int) (authority >>> shift) & 0xFF);
        }
        for (int i = 3; i < parts.length; i++) {
            long sub = Long.parseLong(parts[i]);
            for (int shift = 0; shift < 32; shift += 8) {
                out.write((int) (sub >>> shift) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    /** Reads the binary form; empty when it is not one. */
    public static Optional<SecurityIdentifier> fromBinary(byte[] bytes) {
        if (bytes.length < 8 || bytes[0] != 1 || bytes.length != 8 + 4 * (bytes[1] & 0xFF)) {
            return Optional.empty();
        }
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = authority << 8 | (bytes[i] & 0xFF);
        }
        StringBuilder text = new StringBuilder("S-1-").append(authority);
        for (int i = 8; i < bytes.length; i += 4) {
            long sub = (bytes[i] & 0xFFL) | (bytes[i + 1] & 0xFFL) << 8 | (bytes[i + 2] & 0xFFL) << 16
                    | (bytes[i + 3] & 0xFFL) << 24;
            text.append('-').append(sub);
        }
        return Optional.of(new SecurityIdentifier(text.toString()));
    }

    @Override
    public String toString() {
        return text;
    }
}
