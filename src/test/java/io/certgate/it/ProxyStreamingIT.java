package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.BackendProcess;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Processes;
import io.certgate.testing.World;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies stream through the proxy both ways with backpressure: a gateway whose heap and direct
 * memory are 64 MB each carries a 1 GiB upload and a 1 GiB download, intact, and keeps serving.
 */
class ProxyStreamingIT {

    private static final long GIB = 1L << 30;
    private static final String SMALL_MEMORY = "-Xmx64m -XX:MaxDirectMemorySize=64m";

    @Test
    void oneGibibyteEachWayThroughA64MegabyteGateway(@TempDir Path dir) throws Exception {
        World world = World.create(dir);
        Path upload = dir.resolve("upload.bin");
        try (RandomAccessFile file = new RandomAccessFile(upload.toFile(), "rw")) {
            file.setLength(GIB); // sparse: a GiB of zeros without writing one
        }
        try (BackendProcess backend = BackendProcess.start()) {
            Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", "")
                    .replace("      - path: /open\n", "      - path: /stream\n        clientCertificates: { mode: accept }\n"
                            + "        proxy: " + backend.url() + "\n      - path: /open\n"));
            try (CertgateProcess gateway = CertgateProcess.start(dir, Map.of("CERTGATE_JAVA_OPTS", SMALL_MEMORY),
                    "run", "-c", "certgate.yaml")) {
                int port = gateway.awaitListening();
                String base = "https://localhost:" + port + "/stream/";

                Processes.Result up = Processes.run(List.of("curl", "-sS", "--http1.1", "--cacert", world.root().toString(),
                        "-T", upload.toString(), base + "upload"), null, null, 300);
                assertThat(up.stdout()).as(up.all()).contains("body-bytes " + GIB).contains("body-sha256 " + zerosSha256(GIB));

                Processes.Result down = Processes.run(List.of("curl", "-sS", "--http2", "--cacert", world.root().toString(),
                        "-o", "/dev/null", "-w", "%{http_code} %{size_download}", base + "download?bytes=" + GIB + "&chunked=1"),
                        null, null, 300);
                assertThat(down.stdout()).as(down.all()).isEqualTo("200 " + GIB);

                assertThat(gateway.isAlive()).isTrue();
                assertThat(gateway.output()).doesNotContain("OutOfMemoryError");
                Processes.Result after = Processes.run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                        "--cacert", world.root().toString(), base + "after"), null, null, 30);
                assertThat(after.stdout()).isEqualTo("200");
            }
        }
    }

    private static String zerosSha256(long bytes) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] zeros = new byte[1 << 20];
        for (long left = bytes; left > 0; left -= zeros.length) {
            sha256.update(zeros, 0, (int) Math.min(zeros.length, left));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
