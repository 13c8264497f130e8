package io.certgate.revocation;

/**
 * A forward-only reader of DER (X.690) over a byte array, for the one structure that can be too
 * big for an object per element: a CRL's list of revoked certificates. Every length is checked
 * against the enclosing element, so a malformed or hostile input ends in a {@link
 * MalformedCrlException}, never in an index out of bounds or a huge allocation.
 */
final class Der {

    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int BOOLEAN = 0x01;
    static final int ENUMERATED = 0x0a;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    /** [0] EXPLICIT, constructed: the crlExtensions of a TBSCertList. */
    static final int CONTEXT_0 = 0xa0;

    /** Lengths above this cannot be meant: no CRL certgate reads is 2 GB. */
    private static final int MAX_LENGTH_OCTETS = 4;

    private final byte[] bytes;
    private int position;
    private final int end;

    Der(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    /** A reader over the contents of the element that starts here; this reader moves past it. */
    Der enter(int expectedTag) throws MalformedCrlException {
        int length = header(expectedTag);
        Der inner = new Der(bytes, position, position + length);
        position += length;
        return inner;
    }

    /** The tag of the next element, or -1 at the end. */
    int peek() {
        return position < end ? bytes[position] & 0xff : -1;
    }

    /** A second reader over what this one has left, for a pass that must not move this one. */
    Der copy() {
        return new Der(bytes, position, end);
    }

    boolean hasMore() {
        return position < end;
    }

    int position() {
        return position;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Reads a tag and length; returns the length, leaving the position at the contents. */
    int header(int expectedTag) throws MalformedCrlException {
        if (position >= end) {
            throw new MalformedCrlException("ends early: expected " + tagName(expectedTag) + " at offset " + position);
        }
        int tag = bytes[position] & 0xff;
        if (tag != expectedTag) {
            throw new MalformedCrlException("expected " + tagName(expectedTag) + " at offset " + position
                    + ", found tag 0x" + Integer.toHexString(tag));
        }
        position++;
        int length = length();
        if (length > end - position) {
            throw new MalformedCrlException("an element at offset " + position + " claims " + length
                    + " bytes, but only " + (end - position) + " remain");
        }
        return length;
    }

    /** Skips the next element, whatever it is. */
    void skip() throws MalformedCrlException {
        if (position >= end) {
            throw new MalformedCrlException("ends early at offset " + position);
        }
        position++;
        int length = length();
        if (length > end - position) {
            throw new MalformedCrlException("an element at offset " + position + " runs past its end");
        }
        position += length;
    }

    /** The whole next element, tag and length included, as a copy (for Bouncy Castle to decode). */
    byte[] element() throws MalformedCrlException {
        int start = position;
        skip();
        return java.util.Arrays.copyOfRange(bytes, start, position);
    }

    /** Skips {@code length} content bytes after a {@link #header}. */
    void advance(int length) {
        position += length;
    }

    private int length() throws MalformedCrlException {
        if (position >= end) {
            throw new MalformedCrlException("ends early: no length at offset " + position);
        }
        int first = bytes[position++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int octets = first & 0x7f;
        if (octets == 0) {
            throw new MalformedCrlException("indefinite length at offset " + (position - 1) + " is not DER");
        }
        if (octets > MAX_LENGTH_OCTETS || octets > end - position) {
            throw new MalformedCrlException("impossible length at offset " + (position - 1));
        }
        long length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (bytes[position++] & 0xff);
        }
        if (length > Integer.MAX_VALUE) {
            throw new MalformedCrlException("impossible length at offset " + (position - octets - 1));
        }
        return (int) length;
    }

    /** The epoch second of a UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5: UTC, seconds, "Z"). */
    long time() throws MalformedCrlException {
        int tag = peek();
        if (tag != UTC_TIME && tag != GENERALIZED_TIME) {
            throw new MalformedCrlException("expected a time at offset " + position);
        }
        int length = header(tag);
        int start = position;
        position += length;
        return Times.epochSecond(bytes, start, length, tag == GENERALIZED_TIME);
    }

    static String tagName(int tag) {
        return switch (tag) {
            case SEQUENCE -> "SEQUENCE";
            case INTEGER -> "INTEGER";
            case BIT_STRING -> "BIT STRING";
            case OCTET_STRING -> "OCTET STRING";
            case OID -> "OBJECT IDENTIFIER";
            case ENUMERATED -> "ENUMERATED";
            case CONTEXT_0 -> "[0]";
            default -> "tag 0x" + Integer.toHexString(tag);
        };
    }

    /** Parses X.509 times without building a calendar object per CRL entry. */
    static final class Times {
        private Times() {
        }

        static long epochSecond(byte[] b, int start, int length, boolean generalized) throws MalformedCrlException {
            int yearDigits = generalized ? 4 : 2;
            // YYMMDDHHMM[SS]Z or YYYYMMDDHHMM[SS][.fff]Z; RFC 5280 wants seconds and Z, but some CAs omit seconds.
            if (length < yearDigits + 9 || b[start + length - 1] != 'Z') {
                throw new MalformedCrlException("a time that is not UTC (\"...Z\"): "
                        + new String(b, start, length, java.nio.charset.StandardCharsets.US_ASCII));
            }
            int p = start;
            int year = digits(b, p, yearDigits);
            p += yearDigits;
            if (!generalized) {
                year += year < 50 ? 2000 : 1900; // RFC 5280 §4.1.2.5.1
            }
            int month = digits(b, p, 2);
            int day = digits(b, p + 2, 2);
            int hour = digits(b, p + 4, 2);
            int minute = digits(b, p + 6, 2);
            p += 8;
            int second = 0;
            int last = start + length - 1;
            if (p + 2 <= last) {
                second = digits(b, p, 2);
                p += 2;
                if (p < last && b[p] == '.') {
                    p++;
                    while (p < last && b[p] >= '0' && b[p] <= '9') {
                        p++; // fractions of a second do not change a revocation decision
                    }
                }
            }
            if (p != last || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
                throw new MalformedCrlException("not a valid time: "
                        + new String(b, start, length, java.nio.charset.StandardCharsets.US_ASCII));
            }
            return daysFromCivil(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + Math.min(second, 59);
        }

        private static int digits(byte[] b, int p, int count) throws MalformedCrlException {
            int value = 0;
            for (int i = 0; i < count; i++) {
                int d = b[p + i] - '0';
                if (d < 0 || d > 9) {
                    throw new MalformedCrlException("a time with a non-digit where a digit belongs");
                }
                value = value * 10 + d;
            }
            return value;
        }

        /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
        static long daysFromCivil(int year, int month, int day) {
            int y = month <= 2 ? year - 1 : year;
            int era = (y >= 0 ? y : y - 399) / 400;
            int yearOfEra = y - era * 400;
            int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
            int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
            return era * 146_097L + dayOfEra - 719_468L;
        }
    }
}
