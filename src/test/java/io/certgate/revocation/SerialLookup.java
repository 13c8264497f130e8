package io.certgate.revocation;

import java.math.BigInteger;
import javax.security.auth.x500.X500Principal;

/**
 * The bare O(1) serial lookup of a parsed CRL, opened for the benchmarks (io.certgate.bench), which
 * live outside this package: what a revocation check costs before any certificate is decoded.
 */
public final class SerialLookup {

    private final CompactCrl crl;

    private SerialLookup(CompactCrl crl) {
        this.crl = crl;
    }

    /** Parses a DER CRL. */
    public static SerialLookup of(byte[] der) {
        try {
            return new SerialLookup(CompactCrl.parse(der));
        } catch (MalformedCrlException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public boolean listed(X500Principal issuer, BigInteger serial) {
        return crl.find(issuer, serial).isPresent();
    }

    public int size() {
        return crl.size();
    }
}
