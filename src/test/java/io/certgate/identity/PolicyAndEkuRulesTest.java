package io.certgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certgate.config.ConfigException;
import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certificateField: policy} matches any certificatePolicies OID of the client certificate,
 * {@code certificateField: eku} any extendedKeyUsage OID (or a purpose by name); both take
 * {@code *} wildcards, and a pattern that is no OID fails at load with its line.
 */
class PolicyAndEkuRulesTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** id-fpki-common-authentication and id-fpki-common-cardAuth (US federal PKI). */
    static final String PIV_AUTH = "2.16.840.1.101.3.2.1.3.13";
    static final String CARD_AUTH = "2.16.840.1.101.3.2.1.3.17";
    static TestPki pki;
    static CertificateFacts piv;
    static CertificateFacts plain;
    static CertificateFacts smartcard;

    @TempDir
    Path dir;
    SiteYaml yaml;

    @BeforeAll
    static void mint() {
        pki = TestPki.create(NOW);
        piv = CertificateFacts.of(pki.client("piv").certificatePolicies("1.2.3.4", PIV_AUTH).build().certificate());
        plain = CertificateFacts.of(pki.client("plain").build().certificate());
        smartcard = CertificateFacts.of(pki.client("card").purpose("1.3.6.1.4.1.311.20.2.2").build().certificate());
    }

    private CertificateMapper mapperWith(String rule) throws ConfigException {
        yaml = SiteYaml.in(dir, pki);
        return CertificateMapper.compile(yaml.load("""
                accounts:
                  matched: {}
                manyToOneMappings:
                  - name: under-test
                    userName: matched
                    rules:
                      - %s
                """.formatted(rule)));
    }

    private boolean matches(String rule, CertificateFacts certificate) throws ConfigException {
        return mapperWith(rule).map(certificate) instanceof Identity.Account;
    }

    @Test
    void policyRuleMatchesAnyPolicyOfTheCertificate() throws Exception {
        assertThat(piv.policies()).containsExactly("1.2.3.4", PIV_AUTH);
        assertThat(matches("{ certificateField: policy, matchCriteria: \"" + PIV_AUTH + "\" }", piv)).isTrue();
        assertThat(matches("{ certificateField: policy, matchCriteria: \"1.2.3.4\" }", piv)).isTrue();
        assertThat(matches("{ certificateField: policy, matchCriteria: \"" + CARD_AUTH + "\" }", piv)).isFalse();
    }

    @Test
    void policyWildcardMatchesTheArcsBelowButNotTheStemItself() throws Exception {
        assertThat(matches("{ certificateField: policy, matchCriteria: \"2.16.840.1.101.3.2.1.3.*\" }", piv)).isTrue();
        assertThat(matches("{ certificateField: policy, matchCriteria: \"2.16.840.1.101.3.2.1.3.1*\" }", piv)).isTrue();
        assertThat(matches("{ certificateField: policy, matchCriteria: \"2.16.840.1.101.3.2.1.4.*\" }", piv)).isFalse();
        assertThat(matches("{ certificateField: policy, matchCriteria: \"1.2.3.4.*\" }", piv)).isFalse();
    }

    @Test
    void aCertificateWithoutPoliciesNeverMatchesAPolicyRule() throws Exception {
        assertThat(matches("{ certificateField: policy, matchCriteria: \"*\" }", plain)).isFalse();
        assertThat(matches("{ certificateField: policy, matchCriteria: \"*\" }", piv)).isTrue();
    }

    @Test
    void ekuRuleMatchesByOidWildcardOrName() throws Exception {
        assertThat(plain.extendedKeyUsages()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(matches("{ certificateField: eku, matchCriteria: \"1.3.6.1.5.5.7.3.2\" }", plain)).isTrue();
        assertThat(matches("{ certificateField: eku, matchCriteria: clientAuth }", plain)).isTrue();
        assertThat(matches("{ certificateField: eku, matchCriteria: \"1.3.6.1.5.5.7.3.*\" }", plain)).isTrue();
        assertThat(matches("{ certificateField: eku, matchCriteria: serverAuth }", plain)).isFalse();
        assertThat(matches("{ certificateField: eku, matchCriteria: smartcardLogon }", plain)).isFalse();
        assertThat(matches("{ certificateField: eku, matchCriteria: smartcardLogon }", smartcard)).isTrue();
    }

    @Test
    void denyByPolicyStopsTheCertificate() throws Exception {
        CertificateMapper mapper = CertificateMapper.compile(SiteYaml.in(dir, pki).load("""
                manyToOneMappings:
                  - name: no-card-auth
                    permissionMode: deny
                    rules:
                      - { certificateField: policy, matchCriteria: "%s" }
                """.formatted(PIV_AUTH)));
        assertThat(mapper.map(piv)).isInstanceOf(Identity.Denied.class);
        assertThat(mapper.map(plain)).isInstanceOf(Identity.CertificateOnly.class);
    }

    @Test
    void explainShowsThePolicyRuleAndTheCertificatesPolicies() throws Exception {
        CertificateMapper mapper = mapperWith("{ certificateField: policy, matchCriteria: \"" + CARD_AUTH + "\" }");
        assertThat(mapper.explain(piv).steps()).anySatisfy(step -> assertThat(step)
                .contains("policy matches \"" + CARD_AUTH + "\"", "[1.2.3.4, " + PIV_AUTH + "]"));

        CertificateMapper byName = mapperWith("{ certificateField: eku, matchCriteria: clientAuth }");
        assertThat(byName.explain(plain).steps()).anySatisfy(step -> assertThat(step)
                .contains("under-test", "its rule matched"));
        CertificateMapper server = mapperWith("{ certificateField: eku, matchCriteria: serverAuth }");
        assertThat(server.explain(plain).steps()).anySatisfy(step -> assertThat(step)
                .contains("eku matches \"serverAuth\" (1.3.6.1.5.5.7.3.1)", "[1.3.6.1.5.5.7.3.2]"));
    }

    @Test
    void aPatternThatIsNoOidFailsAtLoadWithItsLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> mapperWith("{ certificateField: policy, matchCriteria: \"2.16.840.x.*\" }"));

        assertThat(e.errors()).singleElement().hasToString(yaml.config() + ":" + yaml.lineOf("2.16.840.x")
                + ": sites[0].manyToOneMappings[0].rules[0].matchCriteria: \"2.16.840.x.*\" arc \"x\" is not a"
                + " number (digits, and * for any run of characters); expected an OID such as"
                + " 2.16.840.1.101.3.2.1.3.13, where * stands for any run of characters");
    }

    @Test
    void otherBadPatternsAreRefusedToo() {
        for (String bad : new String[] {"2.16..840", "2.016.840", "7.1", "2", "", "clientauth"}) {
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> mapperWith("{ certificateField: eku, matchCriteria: \"" + bad + "\" }"));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.errors()).as(bad).singleElement().satisfies(error -> {
                assertThat(error.origin().key()).isEqualTo("sites[0].manyToOneMappings[0].rules[0].matchCriteria");
                assertThat(error.message()).contains("or one of serverAuth, clientAuth");
            });
        }
    }

    @Test
    void policyAndEkuTakeNoSubFieldAndNoCase() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> mapperWith(
                "{ certificateField: policy, certificateSubField: OU, matchCriteria: \"1.2.*\","
                        + " compareCaseSensitive: false }"));

        assertThat(e.errors()).extracting(error -> error.origin().key() + ": " + error.message()).containsExactlyInAnyOrder(
                "sites[0].manyToOneMappings[0].rules[0].certificateSubField: policy has no sub-fields: remove"
                        + " certificateSubField",
                "sites[0].manyToOneMappings[0].rules[0].compareCaseSensitive: policy compares OIDs, which have no"
                        + " case: remove compareCaseSensitive");
    }
}
