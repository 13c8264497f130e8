package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clientCertificates.policies} of sites and locations: what binds (policies.yaml is the
 * README's example, as written there), and what check refuses, with lines.
 */
class CertificatePoliciesConfigTest {

    @TempDir
    Path dir;

    @Test
    void sitePoliciesBindWithRequireExplicitOnByDefaultWhenRequiredIsGiven() throws Exception {
        SiteConfig site = ConfigLoader.load(ConfigFixture.install("policies.yaml", dir)).sites().get(0);

        assertThat(site.clientCertificates().policies()).isEqualTo(
                new CertificatePoliciesConfig(List.of("2.16.840.1.101.3.2.1.3.13"), true, false, false));
    }

    @Test
    void aLocationBindsItsOwnPoliciesAndALocationWithoutAnyHasNone() throws Exception {
        List<LocationConfig> locations = ConfigLoader.load(ConfigFixture.install("policies.yaml", dir)).sites().get(0)
                .locations();

        assertThat(locations.get(0).path()).isEqualTo("/piv");
        assertThat(locations.get(0).policies()).isEqualTo(new CertificatePoliciesConfig(
                List.of("2.16.840.1.101.3.2.1.3.13", "2.16.840.1.101.3.2.1.3.16"), false, true, true));
        assertThat(locations.get(0).mode()).as("the site's mode, as without policies").isEqualTo(ClientCertMode.REQUIRE);
        assertThat(locations.get(1).policies()).isEqualTo(CertificatePoliciesConfig.NONE);
    }

    @Test
    void aSiteWithoutPoliciesRequiresNone() throws Exception {
        SiteConfig site = ConfigLoader.load(ConfigFixture.install("minimal.yaml", dir)).sites().get(0);

        assertThat(site.clientCertificates().policies().isNone()).isTrue();
        assertThat(site.locations()).allSatisfy(l -> assertThat(l.policies().isNone()).isTrue());
    }

    @Test
    void everyBadPolicySettingIsNamedWithItsLine() {
        Path file = ConfigFixture.install("bad-policies.yaml", dir);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e).isNotNull();
        String p = file + ":";
        assertThat(e.errors().stream().map(ConfigError::toString)).containsExactlyInAnyOrder(
                p + "11: sites[0].clientCertificates.policies.required: \"2.16.840.1.101.3.2.1.3.13\" is listed twice",
                p + "11: sites[0].clientCertificates.policies.required: 2.5.29.32.0 is anyPolicy, which every path"
                        + " satisfies; list the policies a certificate must carry, or leave required out",
                p + "12: sites[0].clientCertificates.policies.requireExplict: unknown key; did you mean"
                        + " \"requireExplicit\"? (known here: inhibitAnyPolicy, inhibitMapping, requireExplicit, required)",
                p + "17: sites[0].locations[0].clientCertificates.policies.required: \"2.16.840.1.101..3\" is not a"
                        + " policy OID: expected dotted numbers such as \"2.16.840.1.101.3.2.1.3.13\"",
                p + "17: sites[0].locations[0].clientCertificates.policies.required: \"id-fpki-common-authentication\""
                        + " is not a policy OID: expected dotted numbers such as \"2.16.840.1.101.3.2.1.3.13\"",
                p + "17: sites[0].locations[0].clientCertificates.policies.required: \"3.1.2\" is not a"
                        + " policy OID: expected dotted numbers such as \"2.16.840.1.101.3.2.1.3.13\"",
                p + "18: sites[0].locations[0].clientCertificates.policies.inhibitMapping: expected true or false,"
                        + " got \"perhaps\"",
                p + "23: sites[0].locations[1].clientCertificates.policies: certificate policies need a certificate"
                        + " to check, but this location's mode is ignore; use accept or require",
                p + "26: sites[0].locations[2].clientCertificates.policies.required: expected a list of policy OIDs,"
                        + " such as [\"2.16.840.1.101.3.2.1.3.13\"]; to demand any explicit policy, leave required"
                        + " out and set requireExplicit: true");
    }

    @Test
    void oidsAreDottedNumbersWithAValidFirstArc() {
        assertThat(CertificatePoliciesConfig.isOid("2.16.840.1.101.3.2.1.3.13")).isTrue();
        assertThat(CertificatePoliciesConfig.isOid("1.3.6.1.4.1.311.21.8.1")).isTrue();
        assertThat(CertificatePoliciesConfig.isOid("2.999.1")).as("arc 2 takes any second arc").isTrue();
        assertThat(CertificatePoliciesConfig.isOid("1.40.1")).as("arcs 0 and 1 take a second arc below 40").isFalse();
        assertThat(CertificatePoliciesConfig.isOid("1")).isFalse();
        assertThat(CertificatePoliciesConfig.isOid("1.02.3")).isFalse();
        assertThat(CertificatePoliciesConfig.isOid("1.2.")).isFalse();
        assertThat(CertificatePoliciesConfig.isOid(" 1.2.3")).isFalse();
        assertThat(CertificatePoliciesConfig.isOid("1.2.99999999999999999999")).isFalse();
    }
}
