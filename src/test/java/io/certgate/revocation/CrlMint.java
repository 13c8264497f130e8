package io.certgate.revocation;

import io.certgate.pki.Credential;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * CRLs with the features the production minting toolkit does not offer (delta CRLs, scopes,
 * indirect entries, unknown critical extensions), for the revocation tests. One line each:
 * {@code CrlMint.by(ca).at(NOW).revoke(serial).delta(1).build()}.
 */
final class CrlMint {

    /** id-ce-cRLReasons entry values of RFC 5280 §5.3.1 used here. */
    static final int KEY_COMPROMISE = 1;
    static final int CERTIFICATE_HOLD = 6;
    static final int REMOVE_FROM_CRL = 8;
    /** An OID no validator knows. */
    static final ASN1ObjectIdentifier UNKNOWN = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1");

    private record Entry(BigInteger serial, Instant at, int reason, X500Name certificateIssuer, boolean unknownCritical) {
    }

    private final Credential issuer;
    private final List<Entry> entries = new ArrayList<>();
    private Instant thisUpdate;
    private Instant nextUpdate;
    private BigInteger number = BigInteger.ONE;
    private BigInteger deltaBase;
    private IssuingDistributionPoint scope;
    private boolean unknownCritical;
    private boolean criticalNumber;
    private Credential signer;

    private CrlMint(Credential issuer) {
        this.issuer = issuer;
        this.signer = issuer;
    }

    static CrlMint by(Credential issuer) {
        return new CrlMint(issuer);
    }

    /** thisUpdate five minutes before {@code now}, nextUpdate a week after it. */
    CrlMint at(Instant now) {
        this.thisUpdate = now.minus(Duration.ofMinutes(5));
        this.nextUpdate = thisUpdate.plus(Duration.ofDays(7));
        return this;
    }

    CrlMint validity(Instant thisUpdate, Instant nextUpdate) {
        this.thisUpdate = thisUpdate;
        this.nextUpdate = nextUpdate;
        return this;
    }

    CrlMint number(long number) {
        this.number = BigInteger.valueOf(number);
        return this;
    }

    /** A delta CRL for the complete CRL numbered {@code base}. */
    CrlMint delta(long base) {
        this.deltaBase = BigInteger.valueOf(base);
        return this;
    }

    CrlMint scope(IssuingDistributionPoint scope) {
        this.scope = scope;
        return this;
    }

    /** Signed by another key (the issuer's name stays). */
    CrlMint signedBy(Credential signer) {
        this.signer = signer;
        return this;
    }

    /** No cRLNumber extension at all (RFC 5280 §5.2.3 requires one). */
    CrlMint withoutNumber() {
        this.number = null;
        return this;
    }

    /** The cRLNumber marked critical (RFC 5280 §5.2.3 forbids it). */
    CrlMint criticalNumber() {
        this.criticalNumber = true;
        return this;
    }

    CrlMint unknownCriticalExtension() {
        this.unknownCritical = true;
        return this;
    }

    CrlMint revoke(BigInteger serial, int reason) {
        entries.add(new Entry(serial, thisUpdate, reason, null, false));
        return this;
    }

    CrlMint revoke(Credential credential, int reason) {
        return revoke(credential.serial(), reason);
    }

    /** An entry without a reason code. */
    CrlMint revoke(BigInteger serial) {
        return revoke(serial, -1);
    }

    /** An indirect entry: the certificate was issued by {@code certificateIssuer}, not by this CRL's issuer. */
    CrlMint revokeFor(Credential certificateIssuer, BigInteger serial) {
        entries.add(new Entry(serial, thisUpdate, KEY_COMPROMISE,
                X500Name.getInstance(certificateIssuer.certificate().getSubjectX500Principal().getEncoded()), false));
        return this;
    }

    /** An entry with a critical extension nobody understands. */
    CrlMint revokeWithUnknownExtension(BigInteger serial) {
        entries.add(new Entry(serial, thisUpdate, KEY_COMPROMISE, null, true));
        return this;
    }

    X509CRL build() {
        try {
            X500Name name = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            X509v2CRLBuilder builder = new X509v2CRLBuilder(name, Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (Entry entry : entries) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                if (entry.reason() >= 0) {
                    extensions.addExtension(Extension.reasonCode, false, new ASN1Enumerated(entry.reason()));
                }
                if (entry.certificateIssuer() != null) {
                    extensions.addExtension(Extension.certificateIssuer, true,
                            new GeneralNames(new GeneralName(entry.certificateIssuer())));
                }
                if (entry.unknownCritical()) {
                    extensions.addExtension(UNKNOWN, true, DERNull.INSTANCE);
                }
                if (extensions.isEmpty()) {
                    builder.addCRLEntry(entry.serial(), Date.from(entry.at()), 0); // BC writes no reasonCode for 0
                } else {
                    builder.addCRLEntry(entry.serial(), Date.from(entry.at()), extensions.generate());
                }
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(signer.certificate()));
            if (number != null) {
                builder.addExtension(Extension.cRLNumber, criticalNumber, new CRLNumber(number));
            }
            if (deltaBase != null) {
                builder.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(deltaBase));
            }
            if (scope != null) {
                builder.addExtension(Extension.issuingDistributionPoint, true, scope);
            }
            if (unknownCritical) {
                builder.addExtension(UNKNOWN, true, DERNull.INSTANCE);
            }
            String algorithm = signer.privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder(algorithm).build(signer.privateKey())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint a CRL: " + e.getMessage(), e);
        }
    }

    byte[] der() {
        try {
            return build().getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
    }
}
