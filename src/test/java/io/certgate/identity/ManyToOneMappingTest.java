package io.certgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ConfigException;
import io.certgate.pki.Credential;
import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many-to-one mappings: tried in order, all rules of a mapping must match, the first match allows or denies. */
class ManyToOneMappingTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static TestPki pki;
    static CertificateFacts salesperson;
    static CertificateFacts engineer;
    static CertificateFacts contractor;

    @TempDir
    Path dir;

    @BeforeAll
    static void mint() {
        pki = TestPki.create(NOW);
        salesperson = facts(pki.client("x").subject("CN=sam,OU=Sales East,O=Contoso").build());
        engineer = facts(pki.client("x").subject("CN=erin,OU=Engineering,O=Contoso").build());
        contractor = facts(pki.client("x").subject("CN=carl,OU=Sales East,OU=Contractors,O=Contoso").build());
    }

    static CertificateFacts facts(Credential credential) {
        return CertificateFacts.of(credential.certificate());
    }

    private CertificateMapper mapper(String mappings) throws ConfigException {
        return CertificateMapper.compile(SiteYaml.in(dir, pki).load("""
                accounts:
                  sales: { groups: [staff] }
                  contoso: { groups: [staff, everyone] }
                  mallory: { enabled: false }
                manyToOneMappings:
                """ + mappings.indent(2)));
    }

    @Test
    void firstMatchingMappingDecides() throws Exception {
        String sales = """
                - name: sales-department
                  userName: sales
                  rules: [{ certificateField: subject, certificateSubField: OU, matchCriteria: "Sales*" }]
                """;
        String contoso = """
                - name: contoso
                  userName: contoso
                  rules: [{ certificateField: subject, certificateSubField: O, matchCriteria: Contoso }]
                """;

        assertThat(mapper(sales + contoso).map(salesperson).accountName()).contains("sales");
        assertThat(mapper(contoso + sales).map(salesperson).accountName()).contains("contoso");
    }

    @Test
    void laterMappingDecidesWhenEarlierOnesDoNotMatch() throws Exception {
        CertificateMapper mapper = mapper("""
                - name: sales-department
                  userName: sales
                  rules: [{ certificateField: subject, certificateSubField: OU, matchCriteria: "Sales*" }]
                - name: contoso
                  userName: contoso
                  rules: [{ certificateField: subject, certificateSubField: O, matchCriteria: Contoso }]
                """);

        assertThat(mapper.map(engineer)).isEqualTo(new Identity.Account("contoso", List.of("staff", "everyone"),
                engineer, "many-to-one mapping \"contoso\""));
    }

    @Test
    void denyMappingDeniesWithItsName() throws Exception {
        CertificateMapper mapper = mapper("""
                - name: contractors
                  permissionMode: deny
                  rules: [{ certificateField: subject, certificateSubField: OU, matchCriteria: Contractors }]
                - name: sales-department
                  userName: sales
                  rules: [{ certificateField: subject, certificateSubField: OU, matchCriteria: "Sales*" }]
                """);

        assertThat(mapper.map(contractor)).isEqualTo(new Identity.Denied(contractor,
                "many-to-one mapping \"contractors\" denies this certificate"));
        assertThat(mapper.map(salesperson).accountName()).contains("sales");
    }

    @Test
    void allRulesOfAMappingMustMatch() throws Exception {
        CertificateMapper mapper = mapper("""
                - name: contoso-sales
                  userName: sales
                  rules:
                    - { certificateField: subject, certificateSubField: O, matchCriteria: Contoso }
                    - { certificateField: subject, certificateSubField: OU, matchCriteria: "Sales*" }
                """);

        assertThat(mapper.map(salesperson).accountName()).contains("sales");
        assertThat(mapper.map(engineer)).isEqualTo(new Identity.CertificateOnly(engineer));
    }

    @Test
    void fieldWithTwoValuesMatchesWhenTheSecondDoes() throws Exception {
        CertificateMapper mapper = mapper("""
                - name: contractors
                  permissionMode: deny
                  rules: [{ certificateField: subject, certificateSubField: OU, matchCriteria: Contractors }]
                """);

        assertThat(contractor.subject().values(io.certgate.x509.NameAttribute.OU)).hasSize(2);
        assertThat(mapper.map(contractor)).isInstanceOf(Identity.Denied.class);
    }

    @Test
    void disabledMappingIsSkipped() throws Exception {
        CertificateMapper mapper = mapper("""
                - name: sales-department
                  userName: sales
                  enabled: false
                  rules: [{ certificateField: subject, certificateSubField: OU, matchCriteria: "Sales*" }]
                - name: contoso
                  userName: contoso
                  rules: [{ certificateField: subject, certificateSubField: O, matchCriteria: Contoso }]
                """);

        assertThat(mapper.map(salesperson).accountName()).contains("contoso");
    }

    @Test
    void mappingToDisabledAccountDeniesInsteadOfFallingThrough() throws Exception {
        CertificateMapper mapper = mapper("""
                - name: former-sales
                  userName: mallory
                  rules: [{ certificateField: subject, certificateSubField: CN, matchCriteria: sam }]
                - name: contoso
                  userName: contoso
                  rules: [{ certificateField: subject, certificateSubField: O, matchCriteria: Contoso }]
                """);

        assertThat(mapper.map(salesperson)).isEqualTo(new Identity.Denied(salesperson,
                "account \"mallory\" is disabled"));
        assertThat(mapper.map(engineer).accountName()).contains("contoso");
    }

    @Test
    void certificateNoMappingMatchesHasNoAccount() throws Exception {
        CertificateMapper mapper = mapper("""
                - name: sales-department
                  userName: sales
                  rules: [{ certificateField: subject, certificateSubField: OU, matchCriteria: "Sales*" }]
                """);

        assertThat(mapper.map(engineer)).isEqualTo(new Identity.CertificateOnly(engineer));
    }
}
