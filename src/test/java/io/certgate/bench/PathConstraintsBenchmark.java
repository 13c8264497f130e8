package io.certgate.bench;

import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import io.certgate.validation.constraints.PathConstraints;
import io.certgate.validation.constraints.Violation;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What certgate's own path checks (package validation.constraints) add to a cold verdict: a
 * plain client chain (anchor rules and SAN syntax only), and one whose root carries name
 * constraints that every name of the client is held to. Compare with VerdictBenchmark.cold.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PathConstraintsBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private List<X509Certificate> plain;
    private X509Certificate plainRoot;
    private List<X509Certificate> constrained;
    private X509Certificate constrainedRoot;

    @Setup
    public void setUp() {
        TestPki pki = TestPki.create(NOW);
        plain = pki.client("alice").dns("alice.example.com").email("alice@example.com").build().chainWithoutRoot();
        plainRoot = pki.root().certificate();
        NameConstraints subtrees = new NameConstraints(new GeneralSubtree[] {
                new GeneralSubtree(new GeneralName(GeneralName.dNSName, "example.com")),
                new GeneralSubtree(new GeneralName(GeneralName.rfc822Name, "example.com"))},
                new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, "secret.example.com"))});
        Credential root = Credential.builder().subject("CN=Constrained Root").certificateAuthority(1)
                .extension(Extension.nameConstraints, true, subtrees).now(NOW).build();
        Credential issuing = Credential.builder().subject("CN=Issuing CA").certificateAuthority(0).issuedBy(root).now(NOW).build();
        constrained = Credential.builder().subject("CN=alice,E=alice@example.com").clientAuth().dns("alice.example.com")
                .email("alice@example.com").issuedBy(issuing).now(NOW).build().chainWithoutRoot();
        constrainedRoot = root.certificate();
        if (PathConstraints.check(plain, plainRoot).isPresent() || PathConstraints.check(constrained, constrainedRoot).isPresent()) {
            throw new IllegalStateException("the benchmark chains must pass");
        }
    }

    @Benchmark
    public Optional<Violation> plainChain() {
        return PathConstraints.check(plain, plainRoot);
    }

    @Benchmark
    public Optional<Violation> rootWithNameConstraints() {
        return PathConstraints.check(constrained, constrainedRoot);
    }
}
