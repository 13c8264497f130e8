package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.BackendProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private static final String SLAPD = "/usr/sbin/slapd";
    private static final String BIND_DN = "cn=certgate,ou=services,dc=example,dc=com";
    private static final String BIND_PASSWORD = "it-bind-password";

    private World world;
    private BackendProcess backend;
    private RunningGateway gateway;
    private Process slapd;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        Credential alice = world.addClient("alice-ad", world.pki().client("alice-ad").build());
        world.addClient("walt-weak", world.pki().client("walt-weak").upn("walt@example.com").build());
        int port = freePort();
        slapd = startSlapd(dir.resolve("ldap"), port, """
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
                """.formatted(port, BIND_DN, backend.url()));
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
            slapd.destroy();
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** slapd.conf in {@code home}, the base and service entries plus {@code users}, loaded by slapadd; slapd in the foreground. */
    private static Process startSlapd(Path home, int port, String users) throws Exception {
        Files.createDirectories(home.resolve("db"));
        Path schema = home.resolve("ad-like.schema");
        try (InputStream in = DirectoryIT.class.getResourceAsStream("/ldap/ad-like.schema")) {
            Files.copy(in, schema);
        }
        Path conf = Files.writeString(home.resolve("slapd.conf"), """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                include %s
                pidfile %s
                modulepath /usr/lib/ldap
                moduleload back_mdb
                database mdb
                suffix "dc=example,dc=com"
                rootdn "%s"
                rootpw %s
                directory %s
                """.formatted(schema, home.resolve("slapd.pid"), BIND_DN, BIND_PASSWORD, home.resolve("db")));
        Path data = Files.writeString(home.resolve("data.ldif"), """
                dn: dc=example,dc=com
                objectClass: top
                objectClass: domain
                dc: example

                """ + users);
        Process add = new ProcessBuilder("/usr/sbin/slapadd", "-f", conf.toString(), "-l", data.toString())
                .redirectErrorStream(true).start();
        String addOutput = new String(add.getInputStream().readAllBytes());
        assertThat(add.waitFor(30, TimeUnit.SECONDS) && add.exitValue() == 0).as(addOutput).isTrue();
        Process process = new ProcessBuilder(List.of(SLAPD, "-d", "0", "-f", conf.toString(),
                "-h", "ldap://127.0.0.1:" + port + "/")).redirectErrorStream(true)
                .redirectOutput(home.resolve("slapd.log").toFile()).start();
        for (int i = 0; i < 200; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return process;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        process.destroy();
        throw new IllegalStateException("slapd did not start: " + Files.readString(home.resolve("slapd.log")));
    }
}
