package io.certgate.validation.constraints;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.revocation.RevocationChecker;
import io.certgate.validation.PathValidator;
import io.certgate.validation.TrustStore;
import io.certgate.validation.ValidationPolicy;
import io.certgate.validation.Verdict;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * Name constraints for the tests of this package in a line each, and the two judges they are
 * compared with: certgate's engine ({@link #verdict}) and the JDK's PKIX alone ({@link #jdkAccepts}),
 * so that each test shows a case the JDK lets through.
 *
 * <pre>{@code
 * Credential root = Constrained.root(Constrained.permitted(Constrained.dns("example.com")));
 * }</pre>
 */
final class Constrained {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private Constrained() {
    }

    /** Permitted and excluded subtrees (null for none); build with {@link #permitted} and {@link #excluded}. */
    record Subtrees(List<GeneralName> permitted, List<GeneralName> excluded) {
        Subtrees and(Subtrees more) {
            return new Subtrees(concat(permitted, more.permitted), concat(excluded, more.excluded));
        }

        NameConstraints value() {
            return new NameConstraints(array(permitted), array(excluded));
        }

        private static GeneralSubtree[] array(List<GeneralName> names) {
            return names.isEmpty() ? null : names.stream().map(GeneralSubtree::new).toArray(GeneralSubtree[]::new);
        }

        private static List<GeneralName> concat(List<GeneralName> a, List<GeneralName> b) {
            return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
        }
    }

    static Subtrees permitted(GeneralName... names) {
        return new Subtrees(List.of(names), List.of());
    }

    static Subtrees excluded(GeneralName... names) {
        return new Subtrees(List.of(), List.of(names));
    }

    static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    static GeneralName email(String name) {
        return new GeneralName(GeneralName.rfc822Name, name);
    }

    static GeneralName uri(String name) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, name);
    }

    /** An address with a mask, {@code 10.0.0.0/8} or {@code 2001:db8::/32}. */
    static GeneralName ip(String cidr) {
        return new GeneralName(GeneralName.iPAddress, cidr);
    }

    /** A directoryName in encoding order, most general RDN first: {@code O=Example,OU=Staff}. */
    static GeneralName directory(String encodingOrder) {
        return new GeneralName(new X500Name(encodingOrder));
    }

    /** The Microsoft UPN otherName, in a SAN or a constraint. */
    static GeneralName upn(String value) {
        return otherName(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), value);
    }

    static GeneralName otherName(ASN1ObjectIdentifier typeId, String value) {
        ASN1Encodable[] otherName = {typeId, new DERTaggedObject(true, 0, new DERUTF8String(value))};
        return new GeneralName(GeneralName.otherName, new DERSequence(otherName));
    }

    /** A root CA (pathLenConstraint 1) with these name constraints, critical. */
    static Credential root(Subtrees subtrees) {
        return root().extension(Extension.nameConstraints, true, subtrees.value()).build();
    }

    /** A root CA builder (pathLenConstraint 1), to adjust before build(). */
    static Credential.Builder root() {
        return Credential.builder().subject("CN=Constrained Root,O=certgate tests").certificateAuthority(1)
                .now(NOW).validFor(Duration.ofDays(3650));
    }

    /** An issuing CA under {@code issuer} with these name constraints (critical), pathLenConstraint 0. */
    static Credential intermediate(Credential issuer, Subtrees subtrees) {
        return Credential.builder().subject("CN=Constrained Issuing CA,O=certgate tests").certificateAuthority(0)
                .extension(Extension.nameConstraints, true, subtrees.value()).issuedBy(issuer).now(NOW).build();
    }

    /** A client certificate builder issued by {@code issuer}; add names before build(). */
    static Credential.Builder client(Credential issuer, String subject) {
        return Credential.builder().subject(subject).clientAuth().issuedBy(issuer).now(NOW);
    }

    /** certgate's verdict on the credential's chain (root not sent), trusting {@code root}. */
    static Verdict verdict(Credential client, Credential root) {
        ValidationPolicy policy = new ValidationPolicy(ValidationPolicy.Purpose.CLIENT_AUTH, 5, RevocationScope.CHAIN,
                OnUnavailable.DENY, ValidationPolicy.CertificatePolicies.ANY, ValidationPolicy.DEFAULT_VERDICT_TTL);
        PathValidator validator = new PathValidator(TrustStore.of(List.of(root.certificate()), List.of()), policy,
                RevocationChecker.NONE);
        return validator.validate(client.chainWithoutRoot(), NOW);
    }

    /** True when the JDK's PKIX validator, given the root as certgate gives it, accepts the chain. */
    static boolean jdkAccepts(Credential client, Credential root) {
        try {
            List<X509Certificate> path = client.chainWithoutRoot();
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root.certificate(), null)));
            parameters.setDate(Date.from(NOW));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
                    parameters);
            return true;
        } catch (GeneralSecurityException refused) {
            return false;
        }
    }
}
