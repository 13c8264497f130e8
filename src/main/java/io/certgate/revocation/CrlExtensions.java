package io.certgate.revocation;

import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;

/**
 * The CRL-level extensions certgate acts on (RFC 5280 §5.2), decoded once.
 *
 * @param number the cRLNumber
 * @param deltaBase for a delta CRL, the number of the complete CRL it updates (deltaCRLIndicator)
 * @param issuingDistributionPoint the CRL's scope; empty when it covers everything its issuer issued
 * @param issuingDistributionPointDer its encoding, to compare the scope of a delta with its base
 * @param freshest the http URLs of the delta CRLs (freshestCRL)
 * @param unsupported why the CRL must not be used, if so: a critical extension certgate does not
 *                    understand, or a cRLNumber missing or marked critical (RFC 5280 §5.2.3)
 */
record CrlExtensions(
        Optional<BigInteger> number,
        Optional<BigInteger> deltaBase,
        Optional<IssuingDistributionPoint> issuingDistributionPoint,
        Optional<byte[]> issuingDistributionPointDer,
        List<URI> freshest,
        Optional<String> unsupported) {

    /**
     * RFC 5280 §5.2.3: "CRL issuers conforming to this profile MUST include this extension in all
     * CRLs and MUST mark this extension as non-critical." Without it a CRL cannot be ordered
     * against another of its issuer (which is newer, which delta applies), so it is not used.
     */
    static final String NO_CRL_NUMBER = "the CRL has no cRLNumber extension, which RFC 5280 §5.2.3 requires of every CRL";
    static final String CRITICAL_CRL_NUMBER = "the CRL marks its cRLNumber extension critical, which RFC 5280 §5.2.3 forbids";

    /** The extensions of a CRL that has none (a version 1 CRL): unusable, for want of a cRLNumber. */
    static final CrlExtensions NONE = new CrlExtensions(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), List.of(), Optional.of(NO_CRL_NUMBER));

    /** Critical CRL extensions we process; any other critical one makes the CRL unusable (RFC 5280 §5.2). */
    private static final Set<ASN1ObjectIdentifier> UNDERSTOOD = Set.of(
            Extension.authorityKeyIdentifier, Extension.cRLNumber, Extension.deltaCRLIndicator,
            Extension.issuingDistributionPoint, Extension.freshestCRL, Extension.authorityInfoAccess,
            Extension.issuerAlternativeName, Extension.expiredCertsOnCRL);

    CrlExtensions {
        freshest = List.copyOf(freshest);
    }

    static CrlExtensions of(Extensions extensions) throws MalformedCrlException {
        Optional<String> unsupported = Optional.empty();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            if (extensions.getExtension(oid).isCritical() && !UNDERSTOOD.contains(oid)) {
                unsupported = Optional.of("the CRL has the critical extension " + oid + ", which certgate does not understand");
                break;
            }
        }
        Extension numberExtension = extensions.getExtension(Extension.cRLNumber);
        if (unsupported.isEmpty() && numberExtension == null) {
            unsupported = Optional.of(NO_CRL_NUMBER);
        } else if (unsupported.isEmpty() && numberExtension.isCritical()) {
            unsupported = Optional.of(CRITICAL_CRL_NUMBER);
        }
        try {
            Optional<BigInteger> number = Optional.ofNullable(numberExtension)
                    .map(e -> CRLNumber.getInstance(e.getParsedValue()).getCRLNumber());
            Optional<BigInteger> deltaBase = Optional.ofNullable(extensions.getExtension(Extension.deltaCRLIndicator))
                    .map(e -> CRLNumber.getInstance(e.getParsedValue()).getCRLNumber());
            Extension idpExtension = extensions.getExtension(Extension.issuingDistributionPoint);
            Optional<IssuingDistributionPoint> idp = Optional.ofNullable(idpExtension)
                    .map(e -> IssuingDistributionPoint.getInstance(e.getParsedValue()));
            Optional<byte[]> idpDer = Optional.ofNullable(idpExtension).map(e -> e.getExtnValue().getOctets());
            List<URI> freshest = new ArrayList<>();
            Extension freshestExtension = extensions.getExtension(Extension.freshestCRL);
            if (freshestExtension != null) {
                freshest.addAll(DistributionPoints.httpUris(CRLDistPoint.getInstance(freshestExtension.getParsedValue())));
            }
            return new CrlExtensions(number, deltaBase, idp, idpDer, freshest, unsupported);
        } catch (RuntimeException e) {
            throw new MalformedCrlException("a CRL extension cannot be decoded: " + e.getMessage(), e);
        }
    }
}
