package io.certgate.pki;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link CertificateAuthority} remembers between commands, kept as {@code ca.json} in its
 * directory (like {@code openssl ca}'s index.txt and crlnumber, in one readable file): which CA
 * issues, the next CRL number, and every certificate issued with its revocation, if any.
 *
 * @param issuer {@code intermediate} or {@code root}: whose key signs certificates and CRLs
 * @param nextCrlNumber the cRLNumber of the next CRL (RFC 5280 §5.2.3: increases with each CRL)
 */
record CaState(String issuer, long nextCrlNumber, List<Entry> certificates) {

    /** One issued certificate. Times are ISO-8601 instants; serials lower-case hex. */
    record Entry(String serial, String subject, String name, String notBefore, String notAfter, Revocation revoked) {
        Entry revoke(Revocation revocation) {
            return new Entry(serial, subject, name, notBefore, notAfter, revocation);
        }
    }

    /** When and why a certificate was revoked. */
    record Revocation(String at, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    CaState {
        certificates = List.copyOf(certificates);
    }

    static CaState read(Path file) throws PkiException {
        try {
            return JSON.readValue(file.toFile(), CaState.class);
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read the CA state: " + e.getMessage(), e);
        }
    }

    void write(Path file) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(this));
    }

    /** The entry of a serial, compared as a number (so "0b3e" and "B3E" are the same serial). */
    Optional<Entry> find(String serialHex) {
        java.math.BigInteger wanted = new java.math.BigInteger(serialHex, 16);
        return certificates.stream().filter(e -> new java.math.BigInteger(e.serial(), 16).equals(wanted)).findFirst();
    }

    /** The state with {@code entry} added, or replacing the entry with the same serial in its place. */
    CaState with(Entry entry) {
        List<Entry> all = new ArrayList<>(certificates);
        int index = all.indexOf(find(entry.serial()).orElse(null));
        if (index < 0) {
            all.add(entry);
        } else {
            all.set(index, entry);
        }
        return new CaState(issuer, nextCrlNumber, all);
    }

    CaState nextCrl() {
        return new CaState(issuer, nextCrlNumber + 1, certificates);
    }
}
