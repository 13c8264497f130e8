package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.testing.DirectoryFixture;
import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code directories:} and {@code directoryMapping:} as written, and what {@code check} refuses with file:line. */
class DirectoryConfigTest {

    @TempDir
    Path dir;

    private final TestPki pki = TestPki.create(ConfigFixture.NOW);

    private GatewayConfig load(String directoryOptions, String siteKeys) throws ConfigException {
        SiteYaml yaml = SiteYaml.in(dir, pki);
        yaml.file("secrets/ldap.pw", "s3cret\n");
        return yaml.loadWith(DirectoryFixture.directoriesYaml("ldap://127.0.0.1:389", directoryOptions), siteKeys);
    }

    @Test
    void everyKeyIsReadAsTheIssueSpellsIt() throws Exception {
        GatewayConfig config = load("""
                timeout: 2s
                cacheTtl: 1m
                onUnavailable: cached
                maxStale: 2h
                """, """
                directoryMapping:
                  - { directory: corp, form: altSecurityIdentities, attribute: altSecurityIdentities, strength: strong }
                  - { directory: corp, form: upn, strength: compatibility }
                """);
        DirectoryConfig corp = config.directories().get("corp");
        assertThat(corp.url()).isEqualTo("ldap://127.0.0.1:389");
        assertThat(corp.userFilter()).contains("(objectClass=user)");
        assertThat(corp.groups()).contains("memberOf");
        assertThat(corp.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(corp.onUnavailable()).isEqualTo(DirectoryOnUnavailable.CACHED);
        assertThat(corp.maxStale()).isEqualTo(Duration.ofHours(2));
        assertThat(corp.bindPassword().orElseThrow().toString()).doesNotContain("s3cret");
        assertThat(config.sites().get(0).directoryMappings()).extracting(DirectoryMappingConfig::form)
                .containsExactly(MappingForm.ALT_SECURITY_IDENTITIES, MappingForm.UPN);
        assertThat(config.sites().get(0).directoryMappings().get(1).searchedAttribute()).isEqualTo("userPrincipalName");
    }

    @Test
    void anUnknownDirectoryIsRefusedWithItsLine() {
        assertThatThrownBy(() -> load("", "directoryMapping:\n  - { directory: crop, form: upn }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sites[0].directoryMapping[0].directory: no directory \"crop\" in directories (known: corp)")
                .hasMessageContaining("certgate.yaml:");
    }

    @Test
    void aBadFormIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> load("", "directoryMapping:\n  - { directory: corp, form: cn }\n"))
                .hasMessageContaining("form: expected one of altSecurityIdentities, sid, upn, email, subject, got \"cn\"");
    }

    @Test
    void anInlineBindPasswordIsRefusedWithoutBeingRepeated() {
        SiteYaml yaml = SiteYaml.in(dir, pki);
        String top = DirectoryFixture.directoriesYaml("ldap://127.0.0.1:389", "")
                .replace("bindPassword: { file: secrets/ldap.pw }", "bindPassword: hunter2-inline");
        assertThatThrownBy(() -> yaml.loadWith(top, "directoryMapping:\n  - { directory: corp, form: upn }\n"))
                .hasMessageContaining("directories.corp.bindPassword: never inline")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-inline"));
    }

    @Test
    void filtersAndUrlsAreParsedAtLoad() {
        assertThatThrownBy(() -> load("onUnavailable: allow", "directoryMapping:\n  - { directory: corp, form: upn }\n"))
                .hasMessageContaining("onUnavailable: expected one of deny, cached");
        SiteYaml yaml = SiteYaml.in(dir, pki);
        String top = DirectoryFixture.directoriesYaml("http://dc1:389", "")
                .replace("\"(objectClass=user)\"", "\"(objectClass=user\"");
        assertThatThrownBy(() -> yaml.loadWith(top, ""))
                .hasMessageContaining("url: expected ldap://host:port or ldaps://host:port")
                .hasMessageContaining("userFilter: is not an LDAP filter");
    }

    @Test
    void accessRulesMayNameDirectoryGroupsNotInTheYaml() throws Exception {
        GatewayConfig config = load("", """
                directoryMapping:
                  - { directory: corp, form: upn }
                locations:
                  - path: /
                    root: www
                    access: { allowGroups: [Staff] }
                """);
        assertThat(config.sites().get(0).locations().get(0).access().allowGroups()).containsExactly("Staff");
    }

    /** A site whose revocation section holds {@code keys}, with the directory corp configured. */
    private GatewayConfig revocation(String keys) throws ConfigException {
        SiteYaml yaml = SiteYaml.in(dir, pki);
        yaml.file("secrets/ldap.pw", "s3cret\n");
        yaml.file("certgate.yaml", DirectoryFixture.directoriesYaml("ldap://127.0.0.1:389", "") + """
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem]
                      revocation:
                %s    locations:
                      - path: /
                        root: www
                """.formatted(keys.indent(8)));
        return ConfigLoader.load(yaml.config());
    }

    @Test
    void revocationDirectoryNamesAConfiguredDirectory() throws Exception {
        GatewayConfig config = revocation("fetchDistributionPoints: true\ndirectory: corp\n");
        RevocationConfig revocation = config.sites().get(0).clientCertificates().revocation();
        assertThat(revocation.directory()).contains("corp");
        assertThat(revocation.ldapServer()).isEmpty();
    }

    @Test
    void revocationDirectoryThatIsNotConfiguredIsRefusedWithItsLine() {
        assertThatThrownBy(() -> revocation("fetchDistributionPoints: true\ndirectory: crop\n"))
                .hasMessageContaining("sites[0].clientCertificates.revocation.directory: no directory \"crop\" in"
                        + " directories (known: corp)")
                .hasMessageContaining("certgate.yaml:");
    }

    @Test
    void revocationDirectoryAndLdapServerTogetherAreRefused() {
        assertThatThrownBy(() -> revocation(("""
                fetchDistributionPoints: true
                ldapServer: ldap://dc1.example.com
                directory: corp
                """))).hasMessageContaining("revocation.directory: give either ldapServer (asked anonymously) or"
                + " directory (asked with its bind and TLS) for hostless ldap:/// distribution points, not both");
    }

    @Test
    void anLdapsLdapServerIsAccepted() throws Exception {
        GatewayConfig config = revocation("fetchDistributionPoints: true\nldapServer: ldaps://dc1.example.com:636\n");
        assertThat(config.sites().get(0).clientCertificates().revocation().ldapServer())
                .contains(java.net.URI.create("ldaps://dc1.example.com:636"));
    }
}
