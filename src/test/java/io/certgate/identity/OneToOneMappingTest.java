package io.certgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ConfigException;
import io.certgate.config.SiteConfig;
import io.certgate.pki.Credential;
import io.certgate.testing.Processes;
import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-to-one mappings: a specific certificate, named by its file or its SHA-256 fingerprint, maps to one account. */
class OneToOneMappingTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static TestPki pki;
    static Credential alice;
    static Credential aliceAgain;

    @TempDir
    Path dir;
    SiteYaml yaml;

    @BeforeAll
    static void mint() {
        pki = TestPki.create(NOW);
        alice = pki.client("alice").build();
        aliceAgain = pki.client("alice").build();
    }

    @BeforeEach
    void writeSite() {
        yaml = SiteYaml.in(dir, pki);
        yaml.client("alice", alice);
    }

    private CertificateMapper mapper(String siteKeys) throws ConfigException {
        SiteConfig site = yaml.load(siteKeys);
        return CertificateMapper.compile(site);
    }

    @Test
    void certificateFileMapsToItsAccount() throws Exception {
        CertificateMapper mapper = mapper("""
                accounts:
                  alice: { groups: [admins, staff] }
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                """);

        CertificateFacts facts = CertificateFacts.of(alice.certificate());
        assertThat(mapper.map(facts)).isEqualTo(
                new Identity.Account("alice", List.of("admins", "staff"), facts, "one-to-one mapping #1"));
    }

    @Test
    void sha256AsOpensslPrintsItMapsToItsAccount() throws Exception {
        String line = opensslFingerprintLine();
        String colonHex = line.substring(line.indexOf('=') + 1);
        assertThat(colonHex).contains(":");

        assertThat(mapsAliceBy(colonHex)).contains("alice");
    }

    @Test
    void opensslsWholeFingerprintLineMapsToItsAccount() throws Exception {
        String line = opensslFingerprintLine();
        assertThat(line).containsIgnoringCase("sha256 Fingerprint=");

        assertThat(mapsAliceBy(line)).contains("alice");
    }

    /** What {@code openssl x509 -noout -fingerprint -sha256} prints for alice's certificate. */
    private String opensslFingerprintLine() {
        Processes.Result openssl = Processes.run(List.of("openssl", "x509", "-noout", "-fingerprint", "-sha256",
                "-in", dir.resolve("clients/alice.pem").toString()), dir, null, 30);
        assertThat(openssl.exitCode()).as(openssl.all()).isZero();
        return openssl.stdout().trim();
    }

    /** The account alice's certificate maps to when a mapping names it by {@code sha256} as written. */
    private java.util.Optional<String> mapsAliceBy(String sha256) throws ConfigException {
        CertificateMapper mapper = mapper("""
                accounts:
                  alice: { groups: [admins] }
                oneToOneMappings:
                  - sha256: "%s"
                    userName: alice
                """.formatted(sha256));
        return mapper.map(CertificateFacts.of(alice.certificate())).accountName();
    }

    @Test
    void chainFileMapsItsLeafOnly() throws Exception {
        alice.writeChain(dir.resolve("clients/alice-chain.pem"));
        CertificateMapper mapper = mapper("""
                accounts:
                  alice: {}
                oneToOneMappings:
                  - certificate: clients/alice-chain.pem
                    userName: alice
                """);

        assertThat(mapper.map(CertificateFacts.of(alice.certificate())).accountName()).contains("alice");
        assertThat(mapper.map(CertificateFacts.of(pki.intermediate().certificate())))
                .isInstanceOf(Identity.CertificateOnly.class);
    }

    @Test
    void anotherCertificateWithTheSameSubjectIsNotMapped() throws Exception {
        CertificateMapper mapper = mapper("""
                accounts:
                  alice: {}
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                """);

        CertificateFacts impostor = CertificateFacts.of(aliceAgain.certificate());
        assertThat(mapper.map(impostor)).isEqualTo(new Identity.CertificateOnly(impostor));
    }

    @Test
    void oneToOneWinsOverAnEarlierMatchingManyToOne() throws Exception {
        CertificateMapper mapper = mapper("""
                accounts:
                  alice: { groups: [admins] }
                  everyone: { groups: [staff] }
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                manyToOneMappings:
                  - name: all-of-certgate-tests
                    userName: everyone
                    rules:
                      - { certificateField: subject, certificateSubField: O, matchCriteria: "certgate tests" }
                """);

        assertThat(mapper.map(CertificateFacts.of(alice.certificate())).accountName()).contains("alice");
        assertThat(mapper.map(CertificateFacts.of(aliceAgain.certificate())).accountName()).contains("everyone");
    }

    @Test
    void mappingIsNumberedByItsPositionInTheConfig() throws Exception {
        Credential bob = pki.client("bob").build();
        yaml.client("bob", bob);
        CertificateMapper mapper = mapper("""
                accounts:
                  alice: {}
                  bob: {}
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                    enabled: false
                  - certificate: clients/bob.pem
                    userName: bob
                """);

        assertThat(mapper.map(CertificateFacts.of(bob.certificate())))
                .isInstanceOfSatisfying(Identity.Account.class,
                        account -> assertThat(account.mappedBy()).isEqualTo("one-to-one mapping #2"));
    }

    @Test
    void disabledMappingIsSkippedAndManyToOneDecides() throws Exception {
        CertificateMapper mapper = mapper("""
                accounts:
                  alice: { groups: [admins] }
                  everyone: {}
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                    enabled: false
                manyToOneMappings:
                  - name: anyone
                    userName: everyone
                    rules:
                      - { certificateField: subject, certificateSubField: CN, matchCriteria: "*" }
                """);

        assertThat(mapper.map(CertificateFacts.of(alice.certificate())).accountName()).contains("everyone");
    }

    @Test
    void mappingToDisabledAccountIsDenied() throws Exception {
        CertificateMapper mapper = mapper("""
                accounts:
                  mallory: { enabled: false }
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: mallory
                """);

        CertificateFacts facts = CertificateFacts.of(alice.certificate());
        assertThat(mapper.map(facts)).isEqualTo(new Identity.Denied(facts, "account \"mallory\" is disabled"));
    }

    @Test
    void hasMappingsCountsEnabledMappingsOnly() throws Exception {
        String accounts = """
                accounts:
                  alice: {}
                """;
        assertThat(mapper(accounts).hasMappings()).isFalse();
        assertThat(mapper(accounts + """
                oneToOneMappings:
                  - { certificate: clients/alice.pem, userName: alice, enabled: false }
                """).hasMappings()).isFalse();
        assertThat(mapper(accounts + """
                oneToOneMappings:
                  - { certificate: clients/alice.pem, userName: alice }
                """).hasMappings()).isTrue();
        assertThat(mapper(accounts + """
                manyToOneMappings:
                  - name: any
                    userName: alice
                    rules: [{ certificateField: san, certificateSubField: email, matchCriteria: "*" }]
                """).hasMappings()).isTrue();
    }
}
