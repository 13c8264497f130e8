package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.BackendProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.Slapd;
import io.certgate.testing.World;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory mapping through the running gateway against a real OpenLDAP {@code slapd}, started
 * here on a free port with a config, the AD-like schema this test ships
 * ({@code src/test/resources/ldap/ad-like.schema}) and entries loaded by {@code slapadd}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryIT {

    private static final String BIND_DN = "cn=certgate,ou=services,dc=example,dc=com";
    private static final String BIND_PASSWORD = "it-bind-password";

    private World world;
    private BackendProcess backend;
    private RunningGateway gateway;
    private Slapd slapd;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        Credential alice = world.addClient("alice-ad", world.pki().client("alice-ad").build());
        world.addClient("walt-weak", world.pki().client("walt-weak").upn("walt@example.com").build());
        slapd = Slapd.start(dir.resolve("ldap"), Slapd.freePort(), "dc=example,dc=com", BIND_DN, BIND_PASSWORD,
                List.of("/ldap/ad-like.schema"), """
                dn: cn=alice-ad,dc=example,dc=com
                objectClass: user
                cn: alice-ad
                sn: alice-ad
                sAMAccountName: alice-ad
                userAccountControl: 512
                memberOf: cn=Staff,ou=groups,dc=example,dc=com
                altSecurityIdentities: X509:<SKI>%s

                dn: cn=walt-weak,dc=example,dc=com
                objectClass: user
                cn: walt-weak
                sn: walt-weak
                sAMAccountName: walt-weak
                userAccountControl: 512
                userPrincipalName: walt@example.com
                memberOf: cn=Staff,ou=groups,dc=example,dc=com
                altSecurityIdentities: X509:<S>O=certgate tests,CN=walt-weak
                """.formatted(ski(alice)));
        world.write("secrets/ldap.pw", BIND_PASSWORD + "\n");
        backend = BackendProcess.start();
        gateway = RunningGateway.start(dir, """
                directories:
                  corp:
                    url: ldap://127.0.0.1:%d
                    bindDn: %s
                    bindPassword: { file: secrets/ldap.pw }
                    baseDn: dc=example,dc=com
                    userFilter: "(objectClass=user)"
                    userName: sAMAccountName
                    groups: memberOf
                    disabled: "(userAccountControl:1.2.840.113556.1.4.803:=2)"
                    timeout: 3s
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
                    directoryMapping:
                      - { directory: corp, form: altSecurityIdentities }
                      - { directory: corp, form: upn }
                    locations:
                      - path: /staff
                        access: { allowGroups: [Staff] }
                        proxy: %3$s
                      - path: /admins
                        access: { allowGroups: [Admins] }
                        proxy: %3$s
                      - path: /
                        proxy: %3$s
                """.formatted(slapd.port(), BIND_DN, backend.url()));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    private Curl.Response as(String client, String path) {
        return world.curl(gateway, path, client).run();
    }

    @Test
    void strongAltSecurityIdentitiesGets200WhereItsDirectoryGroupIsAllowed() {
        Curl.Response response = as("alice-ad", "/staff/x");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("header x-remote-user: alice-ad", "header x-remote-groups: Staff");
    }

    @Test
    void strongAltSecurityIdentitiesGets401_3WhereItsGroupIsNotAllowed() {
        Curl.Response response = as("alice-ad", "/admins/x");
        assertThat(response.header("certgate-status")).isEqualTo("401.3 access-denied");
        assertThat(response.body()).doesNotContain("header x-remote-user");
    }

    @Test
    void aWeakOnlyMappingGets403_12InStrongMode() {
        Curl.Response response = as("walt-weak", "/");
        assertThat(response.header("certgate-status")).as(response.body()).isEqualTo("403.12 mapper-denied");
        assertThat(response.body()).contains("weak").doesNotContain("header x-remote-user");
    }

    private static String ski(Credential credential) {
        byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                credential.certificate().getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
        return HexFormat.of().withUpperCase().formatHex(ski);
    }
}
