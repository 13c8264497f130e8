package io.certgate.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Mints CRLs signed by a CA credential. */
public final class RevocationList {

    private RevocationList() {
    }

    public static Builder builder(Credential issuer) {
        return new Builder(issuer);
    }

    /** A CRL under construction. Every setter documents its default. */
    public static final class Builder {
        private record Entry(BigInteger serial, Instant at, CrlReason reason) {
        }

        private final Credential issuer;
        private final List<Entry> entries = new ArrayList<>();
        private Instant thisUpdate = Instant.now().minus(Duration.ofMinutes(5));
        private Instant nextUpdate;
        private Duration validity = Duration.ofDays(7);
        private BigInteger number = BigInteger.ONE;

        private Builder(Credential issuer) {
            this.issuer = issuer;
        }

        /** When the CRL was issued; default five minutes ago. */
        public Builder thisUpdate(Instant thisUpdate) {
            this.thisUpdate = thisUpdate;
            return this;
        }

        /** When the next CRL is due; default {@code thisUpdate} plus seven days. */
        public Builder nextUpdate(Instant nextUpdate) {
            this.nextUpdate = nextUpdate;
            return this;
        }

        /** The cRLNumber extension; default 1. */
        public Builder number(BigInteger number) {
            this.number = number;
            return this;
        }

        public Builder revoke(Credential credential, CrlReason reason) {
            return revoke(credential.serial(), thisUpdate, reason);
        }

        public Builder revoke(BigInteger serial, Instant at, CrlReason reason) {
            entries.add(new Entry(serial, at, reason));
            return this;
        }

        public X509CRL build() {
            try {
                X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
                X509v2CRLBuilder builder = new X509v2CRLBuilder(issuerName, Date.from(thisUpdate));
                builder.setNextUpdate(Date.from(nextUpdate != null ? nextUpdate : thisUpdate.plus(validity)));
                for (Entry entry : entries) {
                    builder.addCRLEntry(entry.serial, Date.from(entry.at), entry.reason.code());
                }
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
                builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
                return new JcaX509CRLConverter().getCRL(builder.build(
                        new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(issuer.privateKey())).build(issuer.privateKey())));
            } catch (GeneralSecurityException | java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
                throw new IllegalStateException("cannot mint a CRL: " + e.getMessage(), e);
            }
        }
    }
}
