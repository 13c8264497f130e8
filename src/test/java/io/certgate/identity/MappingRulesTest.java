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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one many-to-one rule matches: each field and sub-field of a real certificate, the
 * {@code *} and {@code ?} wildcards, and IIS's case-sensitive default.
 */
class MappingRulesTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static TestPki pki;
    static CertificateFacts full;
    static CertificateFacts bare;

    @TempDir
    Path dir;

    @BeforeAll
    static void mint() {
        pki = TestPki.create(NOW);
        full = CertificateFacts.of(pki.client("x")
                .subject("CN=user-042,OU=Sales East,O=Contoso Ltd,L=Redmond,ST=Washington,C=US,"
                        + "E=user42@contoso.com,DC=corp,DC=contoso,DC=com")
                .email("user42@contoso.com").email("sales@contoso.com")
                .dns("laptop-42.corp.contoso.com").dns("user42.example.net")
                .uri("https://id.contoso.com/users/42")
                .upn("user42@corp.contoso.com")
                .build().certificate());
        bare = CertificateFacts.of(pki.client("bare").build().certificate());
    }

    /** Whether a mapping with this one rule maps {@code certificate} to an account. */
    private boolean matches(String rule, CertificateFacts certificate) throws ConfigException {
        CertificateMapper mapper = CertificateMapper.compile(SiteYaml.in(dir, pki).load("""
                accounts:
                  matched: {}
                manyToOneMappings:
                  - name: under-test
                    userName: matched
                    rules:
                      - %s
                """.formatted(rule)));
        return mapper.map(certificate) instanceof Identity.Account;
    }

    private boolean matches(String rule) throws ConfigException {
        return matches(rule, full);
    }

    @Test
    void starMatchesAnyRunOfCharactersIncludingNone() throws Exception {
        assertThat(matches("{ certificateField: subject, certificateSubField: OU, matchCriteria: \"Sales*\" }")).isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: OU, matchCriteria: \"*East\" }")).isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: OU, matchCriteria: \"S*s*E*t*\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: OU, matchCriteria: \"Sales East*\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: OU, matchCriteria: \"*West\" }")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() throws Exception {
        assertThat(matches("{ certificateField: subject, certificateSubField: CN, matchCriteria: \"user-???\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: CN, matchCriteria: \"user-??\" }"))
                .isFalse();
        assertThat(matches("{ certificateField: subject, certificateSubField: CN, matchCriteria: \"user-????\" }"))
                .isFalse();
    }

    @Test
    void patternWithoutWildcardsMatchesTheWholeValueOnly() throws Exception {
        assertThat(matches("{ certificateField: subject, certificateSubField: O, matchCriteria: \"Contoso Ltd\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: O, matchCriteria: Contoso }")).isFalse();
    }

    @Test
    void comparisonIsCaseSensitiveByDefault() throws Exception {
        assertThat(matches("{ certificateField: subject, certificateSubField: OU, matchCriteria: \"sales*\" }"))
                .isFalse();
        assertThat(matches("{ certificateField: subject, certificateSubField: OU, matchCriteria: \"sales*\","
                + " compareCaseSensitive: true }")).isFalse();
    }

    @Test
    void compareCaseSensitiveFalseIgnoresCaseOnBothSides() throws Exception {
        assertThat(matches("{ certificateField: subject, certificateSubField: OU, matchCriteria: \"sALES e*\","
                + " compareCaseSensitive: false }")).isTrue();
        assertThat(matches("{ certificateField: san, certificateSubField: dns, matchCriteria: \"LAPTOP-??.CORP.*\","
                + " compareCaseSensitive: false }")).isTrue();
    }

    @Test
    void everySubjectSubFieldIsRead() throws Exception {
        assertThat(matches("{ certificateField: subject, certificateSubField: L, matchCriteria: Redmond }")).isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: ST, matchCriteria: Washington }"))
                .isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: C, matchCriteria: US }")).isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: E, matchCriteria: \"*@contoso.com\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: DC, matchCriteria: corp }")).isTrue();
        assertThat(matches("{ certificateField: subject, certificateSubField: DC, matchCriteria: com }")).isTrue();
    }

    @Test
    void issuerFieldsAreTheIssuingCasNotTheSubjects() throws Exception {
        assertThat(matches("{ certificateField: issuer, certificateSubField: CN, matchCriteria: \"Test Issuing CA\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: issuer, certificateSubField: O, matchCriteria: \"certgate tests\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: issuer, certificateSubField: CN, matchCriteria: \"user-*\" }"))
                .isFalse();
        assertThat(matches("{ certificateField: subject, certificateSubField: CN, matchCriteria: \"Test*\" }"))
                .isFalse();
    }

    @Test
    void sanEmailMatchesAnyOfTheAddresses() throws Exception {
        assertThat(matches("{ certificateField: san, certificateSubField: email, matchCriteria: \"sales@*\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: san, certificateSubField: email, matchCriteria: \"user42@*\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: san, certificateSubField: email, matchCriteria: \"*@example.com\" }"))
                .isFalse();
    }

    @Test
    void sanDnsMatchesAnyOfTheNames() throws Exception {
        assertThat(matches("{ certificateField: san, certificateSubField: dns, matchCriteria: \"*.example.net\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: san, certificateSubField: dns, matchCriteria: \"*.contoso.com\" }"))
                .isTrue();
        assertThat(matches("{ certificateField: san, certificateSubField: dns, matchCriteria: \"*.org\" }")).isFalse();
    }

    @Test
    void sanUriIsMatched() throws Exception {
        assertThat(matches("{ certificateField: san, certificateSubField: uri,"
                + " matchCriteria: \"https://id.contoso.com/users/*\" }")).isTrue();
        assertThat(matches("{ certificateField: san, certificateSubField: uri, matchCriteria: \"http://*\" }"))
                .isFalse();
    }

    @Test
    void sanUpnIsTheMicrosoftOtherName() throws Exception {
        assertThat(matches("{ certificateField: san, certificateSubField: upn,"
                + " matchCriteria: \"*@corp.contoso.com\" }")).isTrue();
        // The rfc822Name with a similar shape is not a UPN.
        assertThat(matches("{ certificateField: san, certificateSubField: upn, matchCriteria: \"sales@*\" }"))
                .isFalse();
    }

    @Test
    void absentFieldNeverMatchesNotEvenAStar() throws Exception {
        for (String sub : new String[] {"OU", "L", "ST", "C", "E", "DC"}) {
            assertThat(matches("{ certificateField: subject, certificateSubField: " + sub + ", matchCriteria: \"*\" }",
                    bare)).as(sub).isFalse();
        }
        for (String sub : new String[] {"email", "dns", "uri", "upn"}) {
            assertThat(matches("{ certificateField: san, certificateSubField: " + sub + ", matchCriteria: \"*\" }",
                    bare)).as(sub).isFalse();
        }
        assertThat(matches("{ certificateField: subject, certificateSubField: CN, matchCriteria: \"*\" }", bare))
                .isTrue();
    }

    @Test
    void wildcardsInTheValueAreOrdinaryCharacters() throws Exception {
        Credential starry = pki.client("*").build();
        assertThat(matches("{ certificateField: subject, certificateSubField: CN, matchCriteria: \"x\" }",
                CertificateFacts.of(starry.certificate()))).isFalse();
        assertThat(matches("{ certificateField: subject, certificateSubField: CN, matchCriteria: \"?\" }",
                CertificateFacts.of(starry.certificate()))).isTrue();
    }
}
