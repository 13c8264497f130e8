package io.certgate.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.Credential;
import io.certgate.testing.OddCertificates;
import io.certgate.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPublicKey;
import org.junit.jupiter.api.Test;

class IssuerKeysTest {

    private static final TestPki PKI = TestPki.create(Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void aJdkEllipticCurveKeyIsConvertedOnceAndEqualsTheOriginal() throws Exception {
        PublicKey jdkKey = jdkCopy(PKI.intermediate().certificate()).getPublicKey();

        PublicKey fast = IssuerKeys.fastForm(jdkKey).orElseThrow();

        assertThat(jdkKey).isNotInstanceOf(BCECPublicKey.class);
        assertThat(fast).isInstanceOf(BCECPublicKey.class);
        // Both directions: the JDK's certificate compares the key it remembers with the one PKIX passes.
        assertThat(fast).isEqualTo(jdkKey);
        assertThat(jdkKey).isEqualTo(fast);
        assertThat(IssuerKeys.fastForm(jdkCopy(PKI.intermediate().certificate()).getPublicKey()).orElseThrow()).isSameAs(fast);
    }

    @Test
    void anRsaKeyHasNoFastForm() {
        assertThat(IssuerKeys.fastForm(OddCertificates.rsaPublicKey(2048))).isEmpty();
    }

    @Test
    void aValidPathVerifiedAheadStillVerifiesWithTheJdksKey() throws Exception {
        Credential alice = PKI.client("alice").build();
        X509Certificate client = jdkCopy(alice.certificate());
        X509Certificate intermediate = jdkCopy(PKI.intermediate().certificate());

        IssuerKeys.verifyAhead(List.of(client, intermediate), PKI.root().certificate());

        client.verify(intermediate.getPublicKey(), SignatureProvider.name());
        intermediate.verify(PKI.root().certificate().getPublicKey(), SignatureProvider.name());
    }

    @Test
    void aForgedSignatureVerifiedAheadIsStillRefusedWhenPkixAsks() throws Exception {
        // Same issuer name as the real intermediate, another key: the client's signature is not the intermediate's.
        Credential impostor = Credential.builder().subject(PKI.intermediate().certificate().getSubjectX500Principal().getName())
                .certificateAuthority(0).issuedBy(PKI.root()).now(PKI.now()).build();
        Credential forged = Credential.builder().subject("CN=mallory,O=certgate tests").clientAuth().issuedBy(impostor)
                .now(PKI.now()).build();
        X509Certificate client = jdkCopy(forged.certificate());
        X509Certificate intermediate = jdkCopy(PKI.intermediate().certificate());

        IssuerKeys.verifyAhead(List.of(client, intermediate), PKI.root().certificate());

        assertThatThrownBy(() -> client.verify(intermediate.getPublicKey(), SignatureProvider.name()))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void noMoreKeysAreRememberedThanTheCapacity() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", SignatureProvider.provider());
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PublicKey first = null;
        for (int i = 0; i <= IssuerKeys.CAPACITY; i++) {
            PublicKey fast = IssuerKeys.fastForm(jdkCopy(generator.generateKeyPair().getPublic())).orElseThrow();
            if (first == null) {
                first = fast;
            }
        }

        assertThat(IssuerKeys.remembered()).isLessThanOrEqualTo(IssuerKeys.CAPACITY);
        // The least recently used went first: the first key is converted anew, equal but not the same object.
        PublicKey again = IssuerKeys.fastForm(jdkCopy(first)).orElseThrow();
        assertThat(again).isEqualTo(first).isNotSameAs(first);
    }

    /** The same key as a JDK key object, as certificates of the JDK's provider give them. */
    private static PublicKey jdkCopy(PublicKey key) throws Exception {
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    }

    /** A certificate object of the JDK's own provider, as the TLS layer hands them over. */
    private static X509Certificate jdkCopy(X509Certificate certificate) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
    }
}
