package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.CrlReason;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.Slapd;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ldap:// CRL distribution points through {@code bin/certgate} against a real OpenLDAP
 * {@code slapd}: the intermediate's CRL is stored as {@code certificateRevocationList;binary} of a
 * {@code cRLDistributionPoint} entry (core.schema), and client certificates name it with a host
 * (RFC 4516) or, as AD CS writes it, hostless ({@code ldap:///...}, answered by
 * {@code revocation.ldapServer}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LdapCrlIT {

    private static final String ROOT_DN = "cn=admin,dc=example,dc=com";
    private static final String CDP_DN = "cn=Issuing CA,ou=cdp,dc=example,dc=com";
    private static final String CDP_PATH = "cn=Issuing%20CA,ou=cdp,dc=example,dc=com";

    private World world;
    private Slapd slapd;
    private CertgateProcess gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        int ldapPort = Slapd.freePort();
        String withHost = "ldap://127.0.0.1:" + ldapPort + "/" + CDP_PATH + "?certificateRevocationList;binary";
        // AD CS's own spelling: no host, the bare attribute, scope base and a filter.
        String hostless = "ldap:///" + CDP_PATH + "?certificateRevocationList?base?objectClass=cRLDistributionPoint";
        world.addClient("lena-good", world.pki().client("lena-good").crlDistributionPoint(withHost).build());
        world.addClient("rita-revoked", world.pki().client("rita-revoked").crlDistributionPoint(withHost).build());
        world.addClient("hans-hostless", world.pki().client("hans-hostless").crlDistributionPoint(hostless).build());
        world.addClient("gus-hostless-good", world.pki().client("gus-hostless-good").crlDistributionPoint(hostless).build());
        X509CRL crl = world.pki().intermediateCrl()
                .revoke(world.client("rita-revoked"), CrlReason.KEY_COMPROMISE)
                .revoke(world.client("hans-hostless"), CrlReason.KEY_COMPROMISE).build();
        slapd = Slapd.start(dir.resolve("ldap"), ldapPort, "dc=example,dc=com", ROOT_DN, "it-root-password", List.of(),
                """
                dn: ou=cdp,dc=example,dc=com
                objectClass: organizationalUnit
                ou: cdp

                dn: %s
                objectClass: cRLDistributionPoint
                cn: Issuing CA
                certificateRevocationList;binary:: %s
                """.formatted(CDP_DN, Base64.getEncoder().encodeToString(crl.getEncoded())));
        Files.writeString(dir.resolve("certgate.yaml"), """
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem]
                      intermediates: [pki/intermediate.pem]
                      revocation:
                        fetchDistributionPoints: true
                        ldapServer: %s
                        onUnavailable: deny
                        connectTimeout: 2s
                        readTimeout: 5s
                        scope: leaf
                    locations:
                      - path: /
                        root: www
                errors:
                  detail: internal
                """.formatted(slapd.url()));
        gateway = CertgateProcess.startChecked(dir, "certgate.yaml");
        port = gateway.awaitListening();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    private Curl.Response as(String client) {
        return world.curl(port, "/", client).header("Accept", "text/plain").run();
    }

    @Test
    void aCertificateTheLdapCrlRevokesGets403_13() {
        Curl.Response response = as("rita-revoked");
        assertThat(response.code()).as("%s%n%s", response.body(), gateway.output()).isEqualTo("403.13");
        // Revoked by the CRL read over LDAP, not refused because it could not be read (onUnavailable: deny).
        assertThat(response.body()).contains("according to crl:ldap://127.0.0.1:" + slapd.port() + "/")
                .doesNotContain("is unknown");
    }

    @Test
    void aCertificateTheLdapCrlDoesNotListGets200() {
        Curl.Response response = as("lena-good");
        assertThat(response.status()).as("%s%n%s", response.body(), gateway.output()).isEqualTo(200);
    }

    @Test
    void aHostlessDistributionPointIsReadFromTheConfiguredLdapServer() {
        Curl.Response revoked = as("hans-hostless");
        assertThat(revoked.code()).as("%s%n%s", revoked.body(), gateway.output()).isEqualTo("403.13");
        assertThat(revoked.body()).contains("according to crl:ldap:///").doesNotContain("is unknown");
        Curl.Response good = as("gus-hostless-good");
        assertThat(good.status()).as("%s%n%s", good.body(), gateway.output()).isEqualTo(200);
    }
}
