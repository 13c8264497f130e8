package io.certgate.validation.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a TBSCertificate (RFC 5280 §4.1) the profile checks read, taken from its DER in
 * one pass: the serial number's content octets, whether issuer and subject are empty, and every
 * extension as it is encoded, repeats included (a decoded {@code X509Certificate} shows one
 * extension per OID, so only the encoding can show a second). Offsets point into {@link #der}.
 */
final class TbsFields {

    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int BOOLEAN = 0x01;
    private static final int OID = 0x06;
    private static final int OCTET_STRING = 0x04;
    /** [0] EXPLICIT version, [1] and [2] IMPLICIT unique identifiers, [3] EXPLICIT extensions. */
    private static final int VERSION = 0xa0;
    private static final int ISSUER_UID = 0x81;
    private static final int SUBJECT_UID = 0x82;
    private static final int EXTENSIONS = 0xa3;

    /** One extension as encoded: its OID's content octets and its extnValue's. */
    record Extension(int oidStart, int oidEnd, boolean critical, int valueStart, int valueEnd) {
    }

    final byte[] der;
    final int serialStart;
    final int serialEnd;
    final int issuerStart;
    final int issuerEnd;
    final int subjectStart;
    final int subjectEnd;
    final List<Extension> extensions;

    private TbsFields(byte[] der, int[] serial, int[] issuer, int[] subject, List<Extension> extensions) {
        this.der = der;
        this.serialStart = serial[0];
        this.serialEnd = serial[1];
        this.issuerStart = issuer[0];
        this.issuerEnd = issuer[1];
        this.subjectStart = subject[0];
        this.subjectEnd = subject[1];
        this.extensions = List.copyOf(extensions);
    }

    /** The fields of {@code tbsCertificate}; empty when it is not DER this reader follows. */
    static Optional<TbsFields> read(byte[] tbsCertificate) {
        try {
            Reader tbs = new Reader(tbsCertificate, 0, tbsCertificate.length).enter(SEQUENCE);
            if (tbs.peek() == VERSION) {
                tbs.skip();
            }
            int[] serial = tbs.contents(INTEGER);
            tbs.expect(SEQUENCE); // signature AlgorithmIdentifier
            int[] issuer = tbs.contents(SEQUENCE);
            tbs.expect(SEQUENCE); // validity
            int[] subject = tbs.contents(SEQUENCE);
            tbs.expect(SEQUENCE); // subjectPublicKeyInfo
            List<Extension> extensions = new ArrayList<>();
            while (tbs.hasMore()) {
                int tag = tbs.peek();
                if (tag == ISSUER_UID || tag == SUBJECT_UID) {
                    tbs.skip();
                } else if (tag == EXTENSIONS) {
                    Reader list = tbs.enter(EXTENSIONS).enter(SEQUENCE);
                    while (list.hasMore()) {
                        Reader extension = list.enter(SEQUENCE);
                        int[] oid = extension.contents(OID);
                        boolean critical = false;
                        if (extension.peek() == BOOLEAN) {
                            int[] flag = extension.contents(BOOLEAN);
                            critical = flag[1] - flag[0] == 1 && tbsCertificate[flag[0]] != 0;
                        }
                        int[] value = extension.contents(OCTET_STRING);
                        extensions.add(new Extension(oid[0], oid[1], critical, value[0], value[1]));
                    }
                } else {
                    return Optional.empty();
                }
            }
            return Optional.of(new TbsFields(tbsCertificate, serial, issuer, subject, extensions));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** The extensions whose OID is {@code oidContents} (the OID's DER content octets). */
    List<Extension> named(byte[] oidContents) {
        List<Extension> named = new ArrayList<>(1);
        for (Extension extension : extensions) {
            if (Arrays.equals(der, extension.oidStart, extension.oidEnd, oidContents, 0, oidContents.length)) {
                named.add(extension);
            }
        }
        return named;
    }

    /** The first extension whose OID appears again later, if any. */
    Optional<Extension> firstRepeated() {
        for (int i = 0; i < extensions.size(); i++) {
            Extension first = extensions.get(i);
            for (int j = i + 1; j < extensions.size(); j++) {
                Extension other = extensions.get(j);
                if (Arrays.equals(der, first.oidStart, first.oidEnd, der, other.oidStart, other.oidEnd)) {
                    return Optional.of(first);
                }
            }
        }
        return Optional.empty();
    }

    /** The OID of {@code extension} in dotted form, for a detail sentence. */
    String dotted(Extension extension) {
        StringBuilder text = new StringBuilder();
        long arc = 0;
        for (int i = extension.oidStart; i < extension.oidEnd; i++) {
            arc = (arc << 7) | (der[i] & 0x7f);
            if ((der[i] & 0x80) == 0) {
                if (text.length() == 0) {
                    int top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                    text.append(top).append('.').append(arc - 40L * top);
                } else {
                    text.append('.').append(arc);
                }
                arc = 0;
            }
        }
        return text.toString();
    }

    /** A forward-only reader of DER elements within [position, end); throws IllegalArgumentException on anything else. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;
        private final int end;

        Reader(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int peek() {
            if (position >= end) {
                throw new IllegalArgumentException("no element left");
            }
            return bytes[position] & 0xff;
        }

        /** The contents of the next element, which must have {@code tag}, as {start, end}; moves past it. */
        int[] contents(int tag) {
            if (peek() != tag) {
                throw new IllegalArgumentException("unexpected tag");
            }
            position++;
            int length = length();
            int[] range = {position, position + length};
            position += length;
            return range;
        }

        Reader enter(int tag) {
            int[] range = contents(tag);
            return new Reader(bytes, range[0], range[1]);
        }

        void expect(int tag) {
            contents(tag);
        }

        void skip() {
            contents(peek());
        }

        /** A definite DER length of at most four octets, within this element. */
        private int length() {
            if (position >= end) {
                throw new IllegalArgumentException("truncated length");
            }
            int first = bytes[position++] & 0xff;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int octets = first & 0x7f;
                if (octets == 0 || octets > 4 || position + octets > end) {
                    throw new IllegalArgumentException("unsupported length");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (bytes[position++] & 0xff);
                }
            }
            if (length < 0 || length > end - position) {
                throw new IllegalArgumentException("length beyond its element");
            }
            return length;
        }
    }
}
