package io.certgate.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Reads a DER CRL (RFC 5280 §5.1) into a {@link CompactCrl} in two passes over the revoked
 * certificates: the first counts entries and serial bytes so that the packed arrays are
 * allocated once at their final size; the second fills them. Entry fields are read straight
 * from the bytes; the CRL-level extensions, a handful of small structures, are decoded by
 * Bouncy Castle.
 */
final class CrlParser {

    /** id-ce-cRLReasons (2.5.29.21), id-ce-certificateIssuer (2.5.29.29), id-ce-invalidityDate (2.5.29.24),
     * id-ce-holdInstructionCode (2.5.29.23): the entry extensions RFC 5280 §5.3 defines, as DER OID contents. */
    private static final byte[] REASON_CODE = {0x55, 0x1d, 0x15};
    private static final byte[] CERTIFICATE_ISSUER = {0x55, 0x1d, 0x1d};
    private static final byte[] INVALIDITY_DATE = {0x55, 0x1d, 0x18};
    private static final byte[] HOLD_INSTRUCTION = {0x55, 0x1d, 0x17};
    /** RFC 5280 §5.1.2.1: only v1 (absent) and v2 (value 1) exist. */
    private static final int VERSION_2 = 1;

    private CrlParser() {
    }

    static CompactCrl parse(byte[] der) throws MalformedCrlException {
        Der file = new Der(der, 0, der.length);
        Der certificateList = file.enter(Der.SEQUENCE);
        if (file.hasMore()) {
            throw new MalformedCrlException("there are bytes after the CRL");
        }
        int tbsStart = certificateList.position();
        Der tbs = certificateList.enter(Der.SEQUENCE);
        int tbsEnd = certificateList.position();
        AlgorithmIdentifier outerAlgorithm = algorithm(certificateList.element());
        byte[] signature = bitString(certificateList);
        if (certificateList.hasMore()) {
            throw new MalformedCrlException("unexpected data after the signature");
        }

        if (tbs.peek() == Der.INTEGER) {
            int length = tbs.header(Der.INTEGER);
            if (length != 1 || der[tbs.position()] != VERSION_2) {
                throw new MalformedCrlException("unknown CRL version");
            }
            tbs.advance(length);
        }
        AlgorithmIdentifier innerAlgorithm = algorithm(tbs.element());
        if (!innerAlgorithm.equals(outerAlgorithm)) {
            // RFC 5280 §5.1.1.2: the two must be identical, or the signature could be reinterpreted.
            throw new MalformedCrlException("the signature algorithm inside the CRL differs from the one outside");
        }
        X500Principal issuer;
        try {
            issuer = new X500Principal(tbs.element());
        } catch (IllegalArgumentException e) {
            throw new MalformedCrlException("the issuer name cannot be decoded", e);
        }
        long thisUpdate = tbs.time();
        Long nextUpdate = null;
        if (tbs.peek() == Der.UTC_TIME || tbs.peek() == Der.GENERALIZED_TIME) {
            nextUpdate = tbs.time();
        }
        Entries entries = new Entries(issuer);
        if (tbs.peek() == Der.SEQUENCE) {
            Der list = tbs.enter(Der.SEQUENCE);
            entries.read(list, der);
        }
        CrlExtensions extensions = CrlExtensions.NONE;
        if (tbs.peek() == Der.CONTEXT_0) {
            Der explicit = tbs.enter(Der.CONTEXT_0);
            extensions = CrlExtensions.of(extensions(explicit.element()));
        }
        if (tbs.hasMore()) {
            throw new MalformedCrlException("unexpected data at the end of the CRL's contents");
        }
        return new CompactCrl(issuer, thisUpdate, nextUpdate, extensions, entries.serials, entries.otherIssuers,
                entries.unsupported, outerAlgorithm, signature, der, tbsStart, tbsEnd - tbsStart);
    }

    /** The revokedCertificates list, read in two passes. */
    private static final class Entries {
        private final X500Principal crlIssuer;
        RevokedSerials serials = RevokedSerials.EMPTY;
        final Map<X500Principal, Map<BigInteger, CrlEntry>> otherIssuers = new HashMap<>();
        Optional<String> unsupported = Optional.empty();

        Entries(X500Principal crlIssuer) {
            this.crlIssuer = crlIssuer;
        }

        void read(Der list, byte[] der) throws MalformedCrlException {
            int count = 0;
            long serialBytes = 0;
            Der counting = list.copy();
            while (counting.hasMore()) {
                Der entry = counting.enter(Der.SEQUENCE);
                int length = entry.header(Der.INTEGER);
                if (length == 0) {
                    throw new MalformedCrlException("an empty serial number at offset " + entry.position());
                }
                serialBytes += length;
                count++;
            }
            RevokedSerials.Builder builder = new RevokedSerials.Builder(count, (int) serialBytes);
            // RFC 5280 §5.3.3: a certificateIssuer extension applies to its entry and every later one.
            X500Principal current = crlIssuer;
            while (list.hasMore()) {
                Der entry = list.enter(Der.SEQUENCE);
                int length = entry.header(Der.INTEGER);
                int serialStart = entry.position();
                entry.advance(length);
                int[] minimal = minimal(der, serialStart, length);
                long revokedAt = entry.time();
                byte reason = RevokedSerials.NO_REASON;
                if (entry.hasMore()) {
                    EntryExtensions found = entryExtensions(entry.enter(Der.SEQUENCE), der);
                    reason = found.reason;
                    if (found.issuer != null) {
                        current = found.issuer.orElse(null);
                    }
                    if (found.unsupported != null && unsupported.isEmpty()) {
                        unsupported = Optional.of("entry " + new BigInteger(Arrays.copyOfRange(der, serialStart,
                                serialStart + length)).toString(16) + " has the critical extension " + found.unsupported
                                + ", which certgate does not understand");
                    }
                }
                if (entry.hasMore()) {
                    throw new MalformedCrlException("unexpected data in a CRL entry");
                }
                if (crlIssuer.equals(current)) {
                    builder.add(der, minimal[0], minimal[1], revokedAt, reason);
                } else if (current != null) {
                    BigInteger serial = new BigInteger(Arrays.copyOfRange(der, serialStart, serialStart + length));
                    otherIssuers.computeIfAbsent(current, k -> new HashMap<>())
                            .putIfAbsent(serial, new CrlEntry(serial, java.time.Instant.ofEpochSecond(revokedAt), reason));
                }
            }
            serials = builder.build();
        }
    }

    /** The contents of an INTEGER without redundant sign bytes, as {@code BigInteger.toByteArray()} gives. */
    static int[] minimal(byte[] bytes, int start, int length) {
        while (length > 1 && (bytes[start] == 0 && bytes[start + 1] >= 0 || bytes[start] == -1 && bytes[start + 1] < 0)) {
            start++;
            length--;
        }
        return new int[] {start, length};
    }

    /** What the extensions of one entry say. */
    private static final class EntryExtensions {
        byte reason = RevokedSerials.NO_REASON;
        /** Null: no certificateIssuer here; empty: one without a directory name, which no certificate matches. */
        Optional<X500Principal> issuer;
        String unsupported;
    }

    private static EntryExtensions entryExtensions(Der list, byte[] der) throws MalformedCrlException {
        EntryExtensions found = new EntryExtensions();
        while (list.hasMore()) {
            Der extension = list.enter(Der.SEQUENCE);
            int oidLength = extension.header(Der.OID);
            int oidStart = extension.position();
            extension.advance(oidLength);
            boolean critical = false;
            if (extension.peek() == Der.BOOLEAN) {
                int length = extension.header(Der.BOOLEAN);
                critical = length == 1 && der[extension.position()] != 0;
                extension.advance(length);
            }
            Der value = extension.enter(Der.OCTET_STRING);
            if (is(der, oidStart, oidLength, REASON_CODE)) {
                int length = value.header(Der.ENUMERATED);
                if (length != 1) {
                    throw new MalformedCrlException("a reason code that is not one byte");
                }
                found.reason = der[value.position()];
            } else if (is(der, oidStart, oidLength, CERTIFICATE_ISSUER)) {
                found.issuer = directoryName(value.element());
            } else if (critical && !is(der, oidStart, oidLength, INVALIDITY_DATE)
                    && !is(der, oidStart, oidLength, HOLD_INSTRUCTION)) {
                found.unsupported = oidText(Arrays.copyOfRange(der, oidStart - 2, oidStart + oidLength));
            }
        }
        return found;
    }

    private static boolean is(byte[] der, int start, int length, byte[] oid) {
        return Arrays.equals(der, start, start + length, oid, 0, oid.length);
    }

    private static Optional<X500Principal> directoryName(byte[] generalNames) throws MalformedCrlException {
        try {
            for (GeneralName name : GeneralNames.getInstance(ASN1Primitive.fromByteArray(generalNames)).getNames()) {
                if (name.getTagNo() == GeneralName.directoryName) {
                    return Optional.of(new X500Principal(name.getName().toASN1Primitive().getEncoded()));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new MalformedCrlException("a certificateIssuer entry extension cannot be decoded", e);
        }
    }

    private static String oidText(byte[] encoded) {
        try {
            return ASN1Primitive.fromByteArray(encoded).toString();
        } catch (IOException | RuntimeException e) {
            return "(undecodable OID)";
        }
    }

    private static AlgorithmIdentifier algorithm(byte[] element) throws MalformedCrlException {
        try {
            return AlgorithmIdentifier.getInstance(ASN1Primitive.fromByteArray(element));
        } catch (IOException | RuntimeException e) {
            throw new MalformedCrlException("the signature algorithm cannot be decoded", e);
        }
    }

    private static Extensions extensions(byte[] element) throws MalformedCrlException {
        try {
            return Extensions.getInstance(ASN1Primitive.fromByteArray(element));
        } catch (IOException | RuntimeException e) {
            throw new MalformedCrlException("the CRL extensions cannot be decoded", e);
        }
    }

    private static byte[] bitString(Der der) throws MalformedCrlException {
        int length = der.header(Der.BIT_STRING);
        if (length < 1) {
            throw new MalformedCrlException("an empty signature");
        }
        int start = der.position();
        der.advance(length);
        return Arrays.copyOfRange(der.bytes(), start + 1, start + length);
    }
}
