package io.certgate.testing;

import io.certgate.pki.Credential;
import io.certgate.pki.RevocationList;
import java.time.Duration;
import java.time.Instant;

/**
 * A root and an intermediate CA, and builders for the certificates tests need, in a line each:
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(NOW);
 * Credential alice = pki.client("alice").build();
 * Credential bob = pki.client("bob").expired().build();
 * X509CRL crl = pki.intermediateCrl().revoke(bob, CrlReason.KEY_COMPROMISE).build();
 * }</pre>
 */
public final class TestPki {

    private final Instant now;
    private final String name;
    private final Credential root;
    private final Credential intermediate;

    private TestPki(Instant now, String name) {
        this.now = now;
        this.name = name;
        this.root = Credential.builder().subject("CN=" + name + " Root CA,O=certgate tests")
                .certificateAuthority(1).now(now).validFor(Duration.ofDays(3650)).build();
        this.intermediate = Credential.builder().subject("CN=" + name + " Issuing CA,O=certgate tests")
                .certificateAuthority(0).issuedBy(root).now(now).validFor(Duration.ofDays(1825)).build();
    }

    /** A PKI whose certificates are valid around {@code now}. */
    public static TestPki create(Instant now) {
        return new TestPki(now, "Test");
    }

    /** Another, unrelated PKI (different names and keys), e.g. for untrusted clients. */
    public static TestPki create(Instant now, String name) {
        return new TestPki(now, name);
    }

    public Instant now() {
        return now;
    }

    public Credential root() {
        return root;
    }

    public Credential intermediate() {
        return intermediate;
    }

    /** A client certificate for {@code CN=cn}, clientAuth, issued by the intermediate; adjust before build(). */
    public Credential.Builder client(String cn) {
        return Credential.builder().subject("CN=" + cn + ",O=certgate tests").clientAuth().issuedBy(intermediate).now(now);
    }

    /** A server certificate for the names (DNS, and 127.0.0.1 / ::1), issued by the intermediate. */
    public Credential server(String... dnsNames) {
        Credential.Builder builder = Credential.builder().subject("CN=" + dnsNames[0]).serverAuth()
                .ip("127.0.0.1").ip("::1").issuedBy(intermediate).now(now);
        for (String dns : dnsNames) {
            builder.dns(dns);
        }
        return builder.build();
    }

    /** A CRL builder for the intermediate, current at {@code now}. */
    public RevocationList.Builder intermediateCrl() {
        return RevocationList.builder(intermediate).thisUpdate(now.minus(Duration.ofMinutes(5)));
    }

    /** A CRL builder for the root, current at {@code now}. */
    public RevocationList.Builder rootCrl() {
        return RevocationList.builder(root).thisUpdate(now.minus(Duration.ofMinutes(5)));
    }

    @Override
    public String toString() {
        return "TestPki[" + name + "]";
    }
}
