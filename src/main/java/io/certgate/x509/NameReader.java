package io.certgate.x509;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Reads the DER of an X.501 Name into its RDNs and attribute values, keeping each value's tag
 * and octets as they were sent.
 *
 * <p>Bouncy Castle's {@code X500Name} refuses a whole name when one value is not valid in its
 * string form (an odd-length BMPString, bad UTF-8), although the JDK accepted the certificate:
 * the name would then be unreadable for mapping rules, which must fail closed for deny rules.
 * Walking the three levels of the structure ourselves keeps every other value readable and the
 * bad one as {@code #hex}.
 *
 * <pre>
 * Name ::= SEQUENCE OF RelativeDistinguishedName          -- RFC 5280 §4.1.2.4
 * RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 * AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }
 * </pre>
 */
final class NameReader {

    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int OBJECT_IDENTIFIER = 0x06;
    /** Longest length field we accept: 4 octets is 4 GB, far beyond any certificate. */
    private static final int MAX_LENGTH_OCTETS = 4;

    /** One attribute value: its type, its tag and octets as sent, and its text when it has one. */
    record Value(String oid, byte[] encoded, Optional<String> text) {
    }

    private final byte[] der;

    private NameReader(byte[] der) {
        this.der = der;
    }

    /** The RDNs in encoding order (most general first), each with its values in encoding order. */
    static List<List<Value>> read(byte[] der) throws MalformedName {
        return new NameReader(der).name();
    }

    /** A name that is not DER this reader can walk. */
    static final class MalformedName extends Exception {
        MalformedName(String message) {
            super(message, null, false, false);
        }
    }

    private List<List<Value>> name() throws MalformedName {
        Tlv name = tlv(0, der.length);
        expect(name, SEQUENCE);
        if (name.end != der.length) {
            throw new MalformedName("bytes after the name");
        }
        List<List<Value>> rdns = new ArrayList<>();
        for (int at = name.contentStart; at < name.end; ) {
            Tlv rdn = tlv(at, name.end);
            expect(rdn, SET);
            List<Value> values = new ArrayList<>();
            for (int v = rdn.contentStart; v < rdn.end; ) {
                Tlv atv = tlv(v, rdn.end);
                expect(atv, SEQUENCE);
                values.add(value(atv));
                v = atv.end;
            }
            if (values.isEmpty()) {
                throw new MalformedName("an empty RDN");
            }
            rdns.add(List.copyOf(values));
            at = rdn.end;
        }
        return rdns;
    }

    private Value value(Tlv atv) throws MalformedName {
        Tlv type = tlv(atv.contentStart, atv.end);
        expect(type, OBJECT_IDENTIFIER);
        Tlv value = tlv(type.end, atv.end);
        if (value.end != atv.end) {
            throw new MalformedName("more than a type and a value in an attribute");
        }
        String oid;
        try {
            oid = ASN1ObjectIdentifier.getInstance(Arrays.copyOfRange(der, type.start, type.end)).getId();
        } catch (RuntimeException e) {
            throw new MalformedName("an attribute type that is not an OID");
        }
        byte[] content = Arrays.copyOfRange(der, value.contentStart, value.end);
        return new Value(oid, Arrays.copyOfRange(der, value.start, value.end), DirectoryString.decode(value.tag, content));
    }

    private record Tlv(int tag, int start, int contentStart, int end) {
    }

    private Tlv tlv(int start, int limit) throws MalformedName {
        if (start + 2 > limit) {
            throw new MalformedName("truncated");
        }
        int tag = der[start] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new MalformedName("a high tag number, which no name uses");
        }
        int first = der[start + 1] & 0xff;
        int at = start + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7f;
            // 0x80 is BER's indefinite length: not DER (X.690 §10.1).
            if (octets == 0 || octets > MAX_LENGTH_OCTETS || at + octets > limit) {
                throw new MalformedName("a length that is not DER");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (der[at++] & 0xff);
            }
        }
        if (at + length > limit) {
            throw new MalformedName("truncated");
        }
        return new Tlv(tag, start, at, (int) (at + length));
    }

    private static void expect(Tlv tlv, int tag) throws MalformedName {
        if (tlv.tag != tag) {
            throw new MalformedName("tag 0x" + Integer.toHexString(tlv.tag) + " where 0x" + Integer.toHexString(tag)
                    + " belongs");
        }
    }
}
