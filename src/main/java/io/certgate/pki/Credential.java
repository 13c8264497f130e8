package io.certgate.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate with its private key and the chain above it. Built with {@link #builder()}:
 *
 * <pre>{@code
 * Credential root = Credential.builder().subject("CN=Root").certificateAuthority(1).build();
 * Credential expired = Credential.builder().subject("CN=bob").clientAuth().expired().issuedBy(root).build();
 * }</pre>
 *
 * @param issuerChain the issuer's certificate and the issuer's own chain up to (and including)
 *                    the root; empty for a self-signed certificate
 */
public record Credential(X509Certificate certificate, KeyPair keyPair, List<X509Certificate> issuerChain) {

    public Credential {
        issuerChain = List.copyOf(issuerChain);
    }

    public static Builder builder() {
        return new Builder();
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** This certificate followed by its issuers, root last: what a client or server presents (with the root). */
    public List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuerChain);
        return chain;
    }

    /** This certificate and its intermediates, without the self-signed root: what a TLS peer usually sends. */
    public List<X509Certificate> chainWithoutRoot() {
        List<X509Certificate> chain = chain();
        X509Certificate last = chain.get(chain.size() - 1);
        if (chain.size() > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            chain.remove(chain.size() - 1);
        }
        return chain;
    }

    public BigInteger serial() {
        return certificate.getSerialNumber();
    }

    /** Writes the certificate (alone) as PEM. */
    public Path writeCertificate(Path file) throws IOException {
        return PemFiles.writeCertificates(file, List.of(certificate));
    }

    /** Writes the certificate followed by its intermediates (no root) as PEM, as servers and curl's --cert expect. */
    public Path writeChain(Path file) throws IOException {
        return PemFiles.writeCertificates(file, chainWithoutRoot());
    }

    /** Writes the private key as PKCS#8 PEM, readable only by its owner. */
    public Path writeKey(Path file) throws IOException {
        return PemFiles.writePrivateKey(file, privateKey());
    }

    /** Mints credentials. Every setter documents its default. */
    public static final class Builder {
        private static final SecureRandom RANDOM = new SecureRandom();
        /** Serial numbers are 16 random bytes, positive (RFC 5280 §4.1.2.2 allows up to 20). */
        private static final int SERIAL_BYTES = 16;

        private String subject = "CN=certgate test";
        /** A name given as built, with its string forms; overrides {@link #subject} when set. */
        private X500Name subjectName;
        private Credential issuer;
        private KeyType keyType = KeyType.EC_P256;
        private KeyPair keyPair;
        private Instant now = Instant.now();
        private Instant notBefore;
        private Instant notAfter;
        private Duration validity = Duration.ofDays(365);
        private int pathLength = -2; // -2: not a CA; -1: CA without limit; n >= 0: CA with pathLenConstraint n
        private BigInteger serial;
        private final List<KeyPurposeId> purposes = new ArrayList<>();
        private final List<GeneralName> altNames = new ArrayList<>();
        private Integer keyUsage;
        private String crlDistributionPoint;
        private String ocspResponder;
        private final List<String> unknownCriticalExtensions = new ArrayList<>();
        private final List<String> certificatePolicies = new ArrayList<>();
        private final List<String[]> policyMappings = new ArrayList<>();
        private Integer requireExplicitPolicy;
        private final List<Extension> extraExtensions = new ArrayList<>();
        private boolean subjectKeyIdentifier = true;
        private boolean authorityKeyIdentifier = true;
        private boolean criticalKeyIdentifiers;
        private boolean emptyExtendedKeyUsage;

        private Builder() {
        }

        /** The subject as an RFC 4514 string; default {@code CN=certgate test}. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /**
         * The subject exactly as built, for names whose string forms matter (a BMPString OU, two
         * CNs in one RDN); default none, {@link #subject(String)} applies. Written in encoding
         * order: the first RDN added is the most general.
         */
        public Builder subject(X500Name name) {
            this.subjectName = name;
            return this;
        }

        /** An extendedKeyUsage purpose by OID, added to any others; default none. */
        public Builder purpose(String oid) {
            purposes.add(KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(oid)));
            return this;
        }

        /** The issuer; default none (self-signed). */
        public Builder issuedBy(Credential issuer) {
            this.issuer = issuer;
            return this;
        }

        /** The key algorithm; default {@link KeyType#EC_P256}. Ignored when {@link #keyPair} is given. */
        public Builder keyType(KeyType keyType) {
            this.keyType = keyType;
            return this;
        }

        /** Reuse an existing key pair (for re-issuing); default a fresh one. */
        public Builder keyPair(KeyPair keyPair) {
            this.keyPair = keyPair;
            return this;
        }

        /** The time validity is counted from; default the current time. */
        public Builder now(Instant now) {
            this.now = now;
            return this;
        }

        /** Valid from an hour before {@code now} for this long; default 365 days. */
        public Builder validFor(Duration validity) {
            this.validity = validity;
            return this;
        }

        /** An explicit validity window, overriding {@link #validFor}. */
        public Builder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        /** Expired a day before {@code now} (valid for the 30 days before that). */
        public Builder expired() {
            return validity(now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(1)));
        }

        /** Not valid until a day after {@code now}. */
        public Builder notYetValid() {
            return validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(366)));
        }

        /** A CA with the given pathLenConstraint (-1 for none); keyUsage keyCertSign and cRLSign. Default: not a CA. */
        public Builder certificateAuthority(int pathLength) {
            this.pathLength = pathLength;
            return this;
        }

        /** extendedKeyUsage clientAuth; keyUsage digitalSignature. */
        public Builder clientAuth() {
            purposes.add(KeyPurposeId.id_kp_clientAuth);
            return this;
        }

        /** extendedKeyUsage serverAuth; keyUsage digitalSignature (and keyEncipherment for RSA). */
        public Builder serverAuth() {
            purposes.add(KeyPurposeId.id_kp_serverAuth);
            return this;
        }

        /** extendedKeyUsage emailProtection only: a certificate not meant for TLS clients. */
        public Builder emailProtectionOnly() {
            purposes.add(KeyPurposeId.id_kp_emailProtection);
            return this;
        }

        /** An explicit keyUsage bit mask (BC {@link KeyUsage} constants); default by role. */
        public Builder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        public Builder serial(BigInteger serial) {
            this.serial = serial;
            return this;
        }

        /** A subjectAltName dNSName. */
        public Builder dns(String name) {
            altNames.add(new GeneralName(GeneralName.dNSName, name));
            return this;
        }

        /** A subjectAltName iPAddress. */
        public Builder ip(String address) {
            altNames.add(new GeneralName(GeneralName.iPAddress, address));
            return this;
        }

        /** A subjectAltName rfc822Name. */
        public Builder email(String address) {
            altNames.add(new GeneralName(GeneralName.rfc822Name, address));
            return this;
        }

        /** A subjectAltName uniformResourceIdentifier. */
        public Builder uri(String uri) {
            altNames.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
            return this;
        }

        /** A subjectAltName otherName with the Microsoft UPN (1.3.6.1.4.1.311.20.2.3), as smart-card logon certificates carry. */
        public Builder upn(String userPrincipalName) {
            ASN1Encodable[] otherName = {
                    new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"),
                    new DERTaggedObject(true, 0, new DERUTF8String(userPrincipalName))};
            altNames.add(new GeneralName(GeneralName.otherName, new DERSequence(otherName)));
            return this;
        }

        /** A subjectAltName entry of any form, as given: for names the methods above cannot make (malformed ones, directoryName). */
        public Builder altName(GeneralName name) {
            altNames.add(name);
            return this;
        }

        /** Any further extension, such as nameConstraints, encoded as given. Default none. */
        public Builder extension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            extraExtensions.add(new Extension(oid, critical, encoded(value)));
            return this;
        }

        /** A CRL distribution point (http URL) in the certificate. Default none. */
        public Builder crlDistributionPoint(String url) {
            this.crlDistributionPoint = url;
            return this;
        }

        /** An OCSP responder URL in the authorityInfoAccess extension. Default none. */
        public Builder ocspResponder(String url) {
            this.ocspResponder = url;
            return this;
        }

        /**
         * The certificatePolicies extension (RFC 5280 §4.2.1.4) with these policy OIDs, no
         * qualifiers; {@code 2.5.29.32.0} is anyPolicy. Default: no such extension.
         */
        public Builder certificatePolicies(String... oids) {
            certificatePolicies.addAll(List.of(oids));
            return this;
        }

        /**
         * A policyMappings entry (RFC 5280 §4.2.1.5, in a CA certificate): the issuer's policy
         * {@code issuerDomainPolicy} is what this CA's {@code subjectDomainPolicy} means. Default: none.
         */
        public Builder policyMapping(String issuerDomainPolicy, String subjectDomainPolicy) {
            policyMappings.add(new String[] {issuerDomainPolicy, subjectDomainPolicy});
            return this;
        }

        /**
         * policyConstraints requireExplicitPolicy (RFC 5280 §4.2.1.11, in a CA certificate): from
         * {@code skipCerts} certificates below, the path must be valid for an explicit policy. Default: none.
         */
        public Builder requireExplicitPolicy(int skipCerts) {
            this.requireExplicitPolicy = skipCerts;
            return this;
        }

        /** A critical extension with this OID and a NULL value, which no validator understands (for negative tests). */
        public Builder unknownCriticalExtension(String oid) {
            unknownCriticalExtensions.add(oid);
            return this;
        }

        /** No subjectKeyIdentifier (RFC 5280 §4.2.1.2 requires it of CAs; for negative tests). Default: present. */
        public Builder withoutSubjectKeyIdentifier() {
            this.subjectKeyIdentifier = false;
            return this;
        }

        /** No authorityKeyIdentifier (RFC 5280 §4.2.1.1 requires it; for negative tests). Default: present. */
        public Builder withoutAuthorityKeyIdentifier() {
            this.authorityKeyIdentifier = false;
            return this;
        }

        /** Both key identifiers marked critical (RFC 5280 §4.2.1.1-2 forbid it; for negative tests). Default: non-critical. */
        public Builder criticalKeyIdentifiers() {
            this.criticalKeyIdentifiers = true;
            return this;
        }

        /** An extendedKeyUsage extension listing no purpose (invalid per RFC 5280 §4.2.1.12; for negative tests). */
        public Builder emptyExtendedKeyUsage() {
            this.emptyExtendedKeyUsage = true;
            return this;
        }

        public Credential build() {
            KeyPair keys = keyPair != null ? keyPair : keyType.generate();
            Instant from = notBefore != null ? notBefore : now.minus(Duration.ofHours(1));
            Instant to = notAfter != null ? notAfter : from.plus(validity);
            X500Name subjectName = this.subjectName != null ? this.subjectName : rfc4514(subject);
            X500Name issuerName = issuer == null ? subjectName
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
            BigInteger serialNumber = serial != null ? serial : new BigInteger(1, randomBytes());
            try {
                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serialNumber,
                        Date.from(from), Date.from(to), subjectName, keys.getPublic());
                if (subjectKeyIdentifier) {
                    builder.addExtension(Extension.subjectKeyIdentifier, criticalKeyIdentifiers,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
                }
                if (authorityKeyIdentifier) {
                    builder.addExtension(Extension.authorityKeyIdentifier, criticalKeyIdentifiers, issuer == null
                            ? extensions.createAuthorityKeyIdentifier(keys.getPublic())
                            : extensions.createAuthorityKeyIdentifier(issuer.certificate()));
                }
                boolean ca = pathLength > -2;
                if (ca) {
                    builder.addExtension(Extension.basicConstraints, true,
                            pathLength >= 0 ? new BasicConstraints(pathLength) : new BasicConstraints(true));
                } else {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                }
                int usage = keyUsage != null ? keyUsage : ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                        : KeyUsage.digitalSignature | (keys.getPublic().getAlgorithm().equals("RSA")
                        && purposes.contains(KeyPurposeId.id_kp_serverAuth) ? KeyUsage.keyEncipherment : 0);
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                if (emptyExtendedKeyUsage) {
                    builder.addExtension(Extension.extendedKeyUsage, false, new DERSequence());
                } else if (!purposes.isEmpty()) {
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0])));
                }
                if (!altNames.isEmpty()) {
                    // RFC 5280 §4.1.2.6: with an empty subject the names are all in subjectAltName, marked critical.
                    builder.addExtension(Extension.subjectAlternativeName, subjectName.getRDNs().length == 0,
                            new GeneralNames(altNames.toArray(new GeneralName[0])));
                }
                if (crlDistributionPoint != null) {
                    DistributionPointName name = new DistributionPointName(new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, crlDistributionPoint)));
                    builder.addExtension(Extension.cRLDistributionPoints, false,
                            new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)}));
                }
                if (ocspResponder != null) {
                    builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                            new AccessDescription(X509ObjectIdentifiers.ocspAccessMethod,
                                    new GeneralName(GeneralName.uniformResourceIdentifier, ocspResponder))));
                }
                if (!certificatePolicies.isEmpty()) {
                    builder.addExtension(Extension.certificatePolicies, false, new org.bouncycastle.asn1.x509.CertificatePolicies(
                            certificatePolicies.stream().map(oid -> new org.bouncycastle.asn1.x509.PolicyInformation(
                                    new org.bouncycastle.asn1.ASN1ObjectIdentifier(oid)))
                                    .toArray(org.bouncycastle.asn1.x509.PolicyInformation[]::new)));
                }
                if (!policyMappings.isEmpty()) {
                    org.bouncycastle.asn1.x509.CertPolicyId[] issuerDomain = policyMappings.stream()
                            .map(m -> policyId(m[0])).toArray(org.bouncycastle.asn1.x509.CertPolicyId[]::new);
                    org.bouncycastle.asn1.x509.CertPolicyId[] subjectDomain = policyMappings.stream()
                            .map(m -> policyId(m[1])).toArray(org.bouncycastle.asn1.x509.CertPolicyId[]::new);
                    // RFC 5280 §4.2.1.5: conforming CAs SHOULD mark this extension critical.
                    builder.addExtension(Extension.policyMappings, true,
                            new org.bouncycastle.asn1.x509.PolicyMappings(issuerDomain, subjectDomain));
                }
                if (requireExplicitPolicy != null) {
                    builder.addExtension(Extension.policyConstraints, true, new org.bouncycastle.asn1.x509.PolicyConstraints(
                            BigInteger.valueOf(requireExplicitPolicy), null));
                }
                for (Extension extension : extraExtensions) {
                    builder.addExtension(extension);
                }
                for (String oid : unknownCriticalExtensions) {
                    builder.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(oid), true,
                            org.bouncycastle.asn1.DERNull.INSTANCE);
                }
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                        new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(signingKey)).build(signingKey)));
                List<X509Certificate> chain = issuer == null ? List.of() : issuer.chain();
                return new Credential(certificate, keys, chain);
            } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
                throw new IllegalStateException("cannot mint certificate " + subject + ": " + e.getMessage(), e);
            }
        }

        /**
         * An RFC 4514 string ("CN=alice,O=Example") as a name: RFC 4514 writes the most specific
         * RDN first, the encoding holds it last (as openssl's -subj /O=Example/CN=alice makes it).
         */
        static X500Name rfc4514(String name) {
            org.bouncycastle.asn1.x500.RDN[] rdns = new X500Name(name).getRDNs();
            org.bouncycastle.asn1.x500.RDN[] reversed = new org.bouncycastle.asn1.x500.RDN[rdns.length];
            for (int i = 0; i < rdns.length; i++) {
                reversed[i] = rdns[rdns.length - 1 - i];
            }
            return new X500Name(reversed);
        }

        private static org.bouncycastle.asn1.x509.CertPolicyId policyId(String oid) {
            return org.bouncycastle.asn1.x509.CertPolicyId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(oid));
        }

        private static byte[] encoded(ASN1Encodable value) {
            try {
                return value.toASN1Primitive().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot encode extension value " + value + ": " + e.getMessage(), e);
            }
        }

        private static byte[] randomBytes() {
            byte[] bytes = new byte[SERIAL_BYTES];
            RANDOM.nextBytes(bytes);
            bytes[0] &= 0x7f;
            bytes[0] |= 0x01; // never a leading zero byte, never zero
            return bytes;
        }
    }
}
