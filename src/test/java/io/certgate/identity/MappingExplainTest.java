package io.certgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ConfigException;
import io.certgate.pki.Credential;
import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certgate explain}'s view of mapping: the same identity as map(), and one readable sentence per mapping. */
class MappingExplainTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String MAPPINGS = """
            accounts:
              alice: { groups: [admins] }
              sales: { groups: [staff] }
              engineers: { groups: [staff, builders] }
              mallory: { enabled: false }
            oneToOneMappings:
              - certificate: clients/alice.pem
                userName: alice
              - certificate: clients/old-alice.pem
                userName: alice
                enabled: false
            manyToOneMappings:
              - name: contractors
                permissionMode: deny
                rules:
                  - { certificateField: subject, certificateSubField: OU, matchCriteria: Contractors }
              - name: retired
                userName: engineers
                enabled: false
                rules:
                  - { certificateField: subject, certificateSubField: O, matchCriteria: "*" }
              - name: engineering
                userName: engineers
                rules:
                  - { certificateField: subject, certificateSubField: O, matchCriteria: Contoso }
                  - { certificateField: subject, certificateSubField: OU, matchCriteria: "Eng*", compareCaseSensitive: false }
              - name: sales-department
                userName: sales
                rules:
                  - { certificateField: subject, certificateSubField: O, matchCriteria: Contoso }
                  - { certificateField: subject, certificateSubField: OU, matchCriteria: "Sales*" }
              - name: former-staff
                userName: mallory
                rules:
                  - { certificateField: san, certificateSubField: email, matchCriteria: "*@former.example" }
            """;

    static TestPki pki;
    static Credential alice;
    static Credential oldAlice;

    @TempDir
    Path dir;
    CertificateMapper mapper;

    @BeforeAll
    static void mint() {
        pki = TestPki.create(NOW);
        alice = pki.client("alice").build();
        oldAlice = pki.client("alice").build();
    }

    @BeforeEach
    void compile() throws ConfigException {
        SiteYaml yaml = SiteYaml.in(dir, pki);
        yaml.client("alice", alice);
        yaml.client("old-alice", oldAlice);
        mapper = CertificateMapper.compile(yaml.load(MAPPINGS));
    }

    private static CertificateFacts facts(String subject) {
        return CertificateFacts.of(pki.client("x").subject(subject).build().certificate());
    }

    @Test
    void failingRuleIsNamedWithTheValuesSeen() {
        CertificateFacts sam = facts("CN=sam,OU=Sales East,O=Contoso");

        MappingReport report = mapper.explain(sam);

        assertThat(report.steps()).contains(
                "many-to-one \"engineering\": rule 2 (subject OU matches \"Eng*\", case-insensitive) did not match;"
                        + " values: [Sales East]",
                "many-to-one \"sales-department\": all 2 rules matched; allow as account \"sales\" (groups: staff)");
        assertThat(report.identity()).isEqualTo(mapper.map(sam));
    }

    @Test
    void everyMappingConsideredGetsOneStepInOrder() {
        CertificateFacts sam = facts("CN=sam,OU=Sales East,O=Contoso");

        assertThat(mapper.explain(sam).steps()).containsExactly(
                "one-to-one: no mapping for fingerprint " + sam.fingerprint().colonHex(),
                "many-to-one \"contractors\": rule 1 (subject OU matches \"Contractors\", case-sensitive) did not"
                        + " match; values: [Sales East]",
                "many-to-one \"retired\": disabled (enabled: false); skipped",
                "many-to-one \"engineering\": rule 2 (subject OU matches \"Eng*\", case-insensitive) did not match;"
                        + " values: [Sales East]",
                "many-to-one \"sales-department\": all 2 rules matched; allow as account \"sales\" (groups: staff)");
    }

    @Test
    void absentFieldIsShownAsNoValues() {
        CertificateFacts nobody = facts("CN=nobody,O=Fabrikam");

        MappingReport report = mapper.explain(nobody);

        assertThat(report.steps()).contains("many-to-one \"contractors\": rule 1 (subject OU matches"
                + " \"Contractors\", case-sensitive) did not match; values: none");
        assertThat(report.steps().get(report.steps().size() - 1))
                .isEqualTo("no mapping matched: certificate CN=nobody identifies no account");
        assertThat(report.identity()).isEqualTo(new Identity.CertificateOnly(nobody)).isEqualTo(mapper.map(nobody));
    }

    @Test
    void oneToOneMatchEndsTheWalk() {
        CertificateFacts facts = CertificateFacts.of(alice.certificate());

        MappingReport report = mapper.explain(facts);

        assertThat(report.steps()).containsExactly("one-to-one mapping #1 matches fingerprint "
                + facts.fingerprint().colonHex() + "; account \"alice\" (groups: admins)");
        assertThat(report.identity()).isEqualTo(mapper.map(facts));
    }

    @Test
    void disabledOneToOneMappingIsSaidToBeSkipped() {
        CertificateFacts facts = CertificateFacts.of(oldAlice.certificate());

        MappingReport report = mapper.explain(facts);

        assertThat(report.steps().get(0)).isEqualTo(
                "one-to-one mapping #2 is for this certificate but disabled (enabled: false); skipped");
        assertThat(report.identity()).isInstanceOf(Identity.CertificateOnly.class).isEqualTo(mapper.map(facts));
    }

    @Test
    void denyMappingIsSaid() {
        CertificateFacts carl = facts("CN=carl,OU=Contractors,O=Contoso");

        MappingReport report = mapper.explain(carl);

        assertThat(report.steps()).endsWith("many-to-one \"contractors\": its rule matched; deny (403.12)");
        assertThat(report.identity()).isEqualTo(new Identity.Denied(carl,
                "many-to-one mapping \"contractors\" denies this certificate")).isEqualTo(mapper.map(carl));
    }

    @Test
    void disabledAccountIsSaid() {
        CertificateFacts former = CertificateFacts.of(pki.client("mal").email("mal@former.example").build()
                .certificate());

        MappingReport report = mapper.explain(former);

        assertThat(report.steps()).endsWith(
                "many-to-one \"former-staff\": its rule matched; allow as account \"mallory\" (no groups)",
                "account \"mallory\" is disabled (enabled: false), so the certificate is refused (403.12)");
        assertThat(report.identity()).isEqualTo(new Identity.Denied(former, "account \"mallory\" is disabled"))
                .isEqualTo(mapper.map(former));
    }

    @Test
    void siteWithoutMappingsSaysSo() throws ConfigException {
        CertificateMapper none = CertificateMapper.compile(SiteYaml.in(dir, pki).load("accounts: {}\n"));
        CertificateFacts facts = CertificateFacts.of(alice.certificate());

        assertThat(none.explain(facts).steps()).containsExactly("one-to-one: no mappings configured",
                "no mapping matched: certificate CN=alice identifies no account");
    }
}
