package io.certgate.x509;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider certgate verifies certificate and CRL signatures with: Bouncy Castle's.
 *
 * <p>Why not the JDK's: a verdict on a client never seen before checks one ECDSA P-256 signature
 * (the client certificate's; the intermediate's is remembered by its certificate object), and
 * that one signature is nearly all the verdict costs. Measured side by side on one machine
 * (thread CPU time per verification, P-256 with SHA-256): OpenJDK 17's SunEC about 1,460 µs,
 * Temurin 25's SunEC about 630 µs, Bouncy Castle 1.8x about 280 µs on either. BC's ECDSA decodes
 * the signature as strict DER (it re-encodes and compares), as SunEC does.
 *
 * <p>Registered once, after every provider already installed, so that nothing else (TLS, key
 * generation, the JDK's own lookups by algorithm) changes provider: only callers that name it use it.
 */
public final class SignatureProvider {

    private static final Provider PROVIDER = registered();

    private SignatureProvider() {
    }

    /** The provider, registered with {@link Security} (PKIXParameters.setSigProvider takes a name). */
    public static Provider provider() {
        return PROVIDER;
    }

    /** Its registered name, for APIs that take one. */
    public static String name() {
        return PROVIDER.getName();
    }

    private static synchronized Provider registered() {
        Provider installed = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (installed != null) {
            return installed;
        }
        Provider bouncyCastle = new BouncyCastleProvider();
        Security.addProvider(bouncyCastle);
        return bouncyCastle;
    }
}
