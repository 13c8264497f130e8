package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.Curl;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets a clear answer and harms nobody else: malformed or abusive certificates get a
 * 403.16 (never a 500, a reset or a hang), and garbage on the TLS port only closes that connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientsIT {

    private World world;
    private RunningGateway gateway;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        Credential strange = world.pki().client("strange").unknownCriticalExtension("1.3.6.1.4.1.55555.1").build();
        world.addClient("strange", strange);
        // A second trusted root without pathLenConstraint, so that only maxChainLength limits the depth.
        Credential deepRoot = Credential.builder().subject("CN=Deep Root").certificateAuthority(-1).build();
        io.certgate.pki.PemFiles.writeCertificates(world.root(),
                java.util.List.of(world.pki().root().certificate(), deepRoot.certificate()));
        Credential ca = deepRoot;
        for (int i = 0; i < 6; i++) {
            ca = Credential.builder().subject("CN=Deep CA " + i).certificateAuthority(-1).issuedBy(ca).build();
        }
        world.addClient("deep", Credential.builder().subject("CN=deep").clientAuth().issuedBy(ca).build());
        gateway = RunningGateway.start(dir, World.standardConfig("", ""));
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void unknownCriticalExtensionGets403_16() {
        Curl.Response response = world.curl(gateway, "/", "strange").run();
        assertThat(response.code()).isEqualTo("403.16");
        assertThat(response.body()).contains("critical extension");
    }

    @Test
    void chainLongerThanMaxChainLengthGets403_16() {
        Curl.Response response = world.curl(gateway, "/", "deep").run();
        assertThat(response.code()).isEqualTo("403.16");
        assertThat(response.body()).contains("maxChainLength 5");
    }

    @Test
    void garbageOnTheTlsPortClosesOnlyThatConnection() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        for (byte[] payload : new byte[][] {
                "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII), noise}) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(payload);
                out.flush();
                InputStream in = socket.getInputStream();
                // The server answers with at most a TLS alert and closes (a reset is a close too); it never hangs.
                byte[] buffer = new byte[1024];
                int total = 0;
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        total += n;
                        assertThat(total).isLessThan(1024);
                    }
                } catch (java.net.SocketException reset) {
                    assertThat(reset.getMessage()).containsIgnoringCase("reset");
                }
            }
        }
        assertThat(world.curl(gateway, "/", World.VALID).run().status()).isEqualTo(200);
    }

    @Test
    void clientThatLeavesMidHandshakeHarmsNobody() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
                socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
            }
        }
        assertThat(world.curl(gateway, "/", World.VALID).run().status()).isEqualTo(200);
    }

    @Test
    void oversizedHeadersGetAnAnswerNotAHang() {
        Curl.Response response = world.curl(gateway, "/", World.VALID).http1()
                .header("X-Big", "a".repeat(40_000)).run();
        assertThat(response.status()).isIn(400, 413, 431);
    }
}
