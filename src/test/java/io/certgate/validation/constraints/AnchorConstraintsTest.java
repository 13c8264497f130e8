package io.certgate.validation.constraints;

import static io.certgate.validation.constraints.Constrained.NOW;
import static io.certgate.validation.constraints.Constrained.client;
import static io.certgate.validation.constraints.Constrained.dns;
import static io.certgate.validation.constraints.Constrained.excluded;
import static io.certgate.validation.constraints.Constrained.jdkAccepts;
import static io.certgate.validation.constraints.Constrained.permitted;
import static io.certgate.validation.constraints.Constrained.root;
import static io.certgate.validation.constraints.Constrained.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.validation.Outcome;
import io.certgate.validation.Reason;
import io.certgate.validation.Verdict;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/**
 * The trusted root's own extensions, which the JDK's TrustAnchor never reads (RFC 5280 §6.2):
 * each case here is one the JDK alone accepts.
 */
class AnchorConstraintsTest {

    @Test
    void rootNameConstraintsRefuseALeafOutsideThem() {
        Credential root = root(permitted(dns("example.com")));
        Credential leaf = client(issuing(root), "CN=mallory").dns("www.example.org").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(jdkAccepts(leaf, root)).as("the JDK ignores the root's name constraints").isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).isEqualTo("certificate CN=mallory has subjectAltName dNSName www.example.org,"
                + " outside the permitted subtrees (dNSName example.com) of the name constraints of trusted root"
                + " CN=Constrained Root");
        assertThat(verdict.offending()).contains(leaf.certificate());
    }

    @Test
    void rootNameConstraintsAdmitALeafInsideThem() {
        Credential root = root(permitted(dns("example.com")));
        Credential leaf = client(issuing(root), "CN=alice").dns("alice.example.com").build();

        assertThat(verdict(leaf, root).reason()).isEqualTo(Reason.OK);
    }

    @Test
    void rootExcludedSubtreeRefusesAnIntermediateInsideIt() {
        // The root's constraints apply to every certificate below it, the intermediate included.
        Credential root = root(excluded(dns("internal.example.com")));
        Credential intermediate = Credential.builder().subject("CN=Internal CA").certificateAuthority(0)
                .dns("ca.internal.example.com").issuedBy(root).now(NOW).build();
        Credential leaf = client(intermediate, "CN=alice").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(jdkAccepts(leaf, root)).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).isEqualTo("CA certificate CN=Internal CA has subjectAltName dNSName"
                + " ca.internal.example.com, which falls in the excluded subtree dNSName internal.example.com of the"
                + " name constraints of trusted root CN=Constrained Root");
        assertThat(verdict.offending()).contains(intermediate.certificate());
    }

    @Test
    void rootThatIsNotACaCannotIssueCertificates() {
        // keyCertSign is set, so only basicConstraints says no.
        Credential root = root().certificateAuthority(-2).keyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature).build();
        Credential leaf = client(root, "CN=alice").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(root.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(jdkAccepts(leaf, root)).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.NOT_A_CA);
        assertThat(verdict.detail()).isEqualTo("trusted root CN=Constrained Root is not a CA (basicConstraints cA is"
                + " false or absent), so it cannot issue certificate CN=alice");
        assertThat(verdict.offending()).contains(root.certificate());
    }

    @Test
    void rootWhoseKeyUsageLacksKeyCertSignCannotIssueCertificates() {
        Credential root = root().keyUsage(KeyUsage.cRLSign | KeyUsage.digitalSignature).build();
        Credential leaf = client(issuing(root), "CN=alice").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(jdkAccepts(leaf, root)).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.WRONG_KEY_USAGE);
        assertThat(verdict.detail())
                .isEqualTo("trusted root CN=Constrained Root may not sign certificates (keyUsage lacks keyCertSign)");
    }

    @Test
    void rootPathLenConstraintZeroAllowsNoIntermediate() {
        Credential root = root().certificateAuthority(0).build();
        Credential leaf = client(issuing(root), "CN=alice").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(jdkAccepts(leaf, root)).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.PATH_LENGTH_EXCEEDED);
        assertThat(verdict.detail()).isEqualTo("the path has 1 CA certificate below trusted root CN=Constrained Root,"
                + " more than its pathLenConstraint 0 allows");
        assertThat(verdict.offending()).contains(root.certificate());
    }

    @Test
    void rootPathLenConstraintZeroAllowsALeafItIssuedItself() {
        Credential root = root().certificateAuthority(0).build();
        Credential leaf = client(root, "CN=alice").build();

        assertThat(verdict(leaf, root).reason()).isEqualTo(Reason.OK);
    }

    @Test
    void rootWithAnUnknownCriticalExtensionIsRefused() {
        Credential root = root().unknownCriticalExtension("1.3.6.1.4.1.55555.1").build();
        Credential leaf = client(issuing(root), "CN=alice").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(jdkAccepts(leaf, root)).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.UNSUPPORTED_CRITICAL_EXTENSION);
        assertThat(verdict.detail()).isEqualTo("trusted root CN=Constrained Root has a critical extension certgate"
                + " does not understand (1.3.6.1.4.1.55555.1)");
    }

    @Test
    void selfIssuedCaBelowTheRootDoesNotCountTowardsItsPathLength() {
        // A key rollover: same name as the root, another key (RFC 5280 §6.1.4 (l)).
        Credential root = root().certificateAuthority(0).build();
        Credential rollover = Credential.builder().subject("CN=Constrained Root,O=certgate tests").certificateAuthority(0)
                .issuedBy(root).now(NOW).build();
        Credential leaf = client(rollover, "CN=alice").build();

        assertThat(verdict(leaf, root).reason()).isEqualTo(Reason.OK);
    }

    @Test
    void versionOneRootIsACaByBeingConfiguredAsOne() throws Exception {
        // RFC 5280 §6.1.4 (k): a v1 CA is known as one "through out-of-band means"; trust configuration is that.
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        java.security.KeyPair keys = generator.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=Version One Root");
        X509Certificate v1 = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder(name, java.math.BigInteger.TEN,
                        java.util.Date.from(NOW.minusSeconds(3600)), java.util.Date.from(NOW.plusSeconds(86400)), name,
                        keys.getPublic()).build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(keys.getPrivate())));
        Credential root = new Credential(v1, keys, java.util.List.of());
        Credential leaf = client(root, "CN=alice").build();

        assertThat(v1.getVersion()).isEqualTo(1);
        Verdict verdict = verdict(leaf, root);
        assertThat(verdict.reason()).as(verdict.detail()).isEqualTo(Reason.OK);
    }

    @Test
    void aTrustedSelfSignedClientCertificateIsNotJudgedAsAnIssuer() {
        // Trusted as configured: it issues nothing, so the rules for issuers do not apply to it.
        Credential self = Credential.builder().subject("CN=kiosk").clientAuth().now(NOW).build();

        assertThat(verdict(self, self).reason()).isEqualTo(Reason.OK);
    }

    private static Credential issuing(Credential root) {
        return Credential.builder().subject("CN=Plain Issuing CA,O=certgate tests").certificateAuthority(0)
                .issuedBy(root).now(NOW).build();
    }
}
