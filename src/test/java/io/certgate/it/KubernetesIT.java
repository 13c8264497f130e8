package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.KubeletVolume;
import io.certgate.testing.Processes;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes}: they parse as the kinds a cluster expects
 * and fit together (labels, ports, mounts), and the configuration the ConfigMap carries runs under
 * the real {@code bin/certgate} with its Secret files laid out as the kubelet lays them out, where
 * a Secret update (the kubelet's {@code ..data} symlink swap) is picked up without a restart.
 * No cluster runs here: what a cluster alone can show (scheduling, probes by the kubelet, the PDB
 * during a drain) is not tested.
 */
class KubernetesIT {

    private static final Path MANIFESTS = CertgateProcess.launcher().getParent().getParent().resolve("deploy/kubernetes");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void manifestsAreTheKindsACertgateFleetNeedsAndFitTogether() {
        Map<String, Map<String, Object>> byKind = new java.util.TreeMap<>();
        for (String file : kustomizationResources()) {
            for (Object document : new Yaml().loadAll(read(MANIFESTS.resolve(file)))) {
                Map<String, Object> manifest = map(document);
                byKind.put((String) manifest.get("kind"), manifest);
            }
        }
        assertThat(byKind).containsOnlyKeys("ConfigMap", "Deployment", "PodDisruptionBudget", "Service");

        Map<String, Object> deployment = byKind.get("Deployment");
        Map<String, Object> labels = map(at(deployment, "spec", "template", "metadata", "labels"));
        assertThat(labels).isEqualTo(at(deployment, "spec", "selector", "matchLabels"));
        assertThat(labels).isEqualTo(at(byKind.get("Service"), "spec", "selector"));
        assertThat(labels).isEqualTo(at(byKind.get("PodDisruptionBudget"), "spec", "selector", "matchLabels"));

        Map<String, Object> container = map(list(at(deployment, "spec", "template", "spec", "containers")).get(0));
        assertThat(at(container, "livenessProbe", "httpGet")).isEqualTo(Map.of("path", "/healthz", "port", "admin"));
        assertThat(at(container, "readinessProbe", "httpGet")).isEqualTo(Map.of("path", "/readyz", "port", "admin"));
        List<Object> ports = list(container.get("ports"));
        assertThat(ports).contains(Map.of("name", "https", "containerPort", 8443), Map.of("name", "admin", "containerPort", 9443));
        assertThat(list(at(byKind.get("Service"), "spec", "ports"))).allSatisfy(port ->
                assertThat(map(port).get("targetPort")).as("the admin port stays off the Service").isEqualTo("https"));

        // The pod outlives certgate's own stop: the configuration's drainDelay + timeout.
        Map<String, Object> shutdown = map(at(map(new Yaml().load(configMapConfiguration())), "shutdown"));
        assertThat((Integer) at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds"))
                .isGreaterThan(seconds(shutdown.get("drainDelay")) + seconds(shutdown.get("timeout")));

        // Every absolute file the configuration names lies under a mounted volume, and the
        // container's --config is the ConfigMap's key in its mount.
        List<String> mountPaths = list(container.get("volumeMounts")).stream().map(m -> (String) map(m).get("mountPath")).toList();
        String config = configMapConfiguration();
        var named = Pattern.compile("(?<![\\w.:/])(/[\\w/-]+)/[\\w-]+\\.[a-z]+").matcher(config);
        List<String> dirs = new ArrayList<>();
        while (named.find()) {
            dirs.add(named.group(1));
        }
        assertThat(dirs).contains("/etc/certgate/tls", "/etc/certgate/client-ca", "/etc/certgate/ticket-keys", "/var/log/certgate");
        assertThat(mountPaths).containsAll(dirs);
        List<Object> args = list(container.get("args"));
        assertThat(args).containsExactly("run", "--config", "/etc/certgate/config/certgate.yaml");
        assertThat(mountPaths).contains("/etc/certgate/config");
        assertThat(map(at(byKind.get("ConfigMap"), "data"))).containsOnlyKeys("certgate.yaml");
    }

    @Test
    void kubectlRendersTheKustomizationTheReadmeApplies() {
        Path kubectl = Path.of("/usr/bin/kubectl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(kubectl), "kubectl is not installed");

        Processes.Result rendered = Processes.run(List.of(kubectl.toString(), "kustomize", MANIFESTS.toString()), dir, null, 60);

        assertThat(rendered.exitCode()).as(rendered.all()).isZero();
        List<Object> kinds = new ArrayList<>();
        new Yaml().loadAll(rendered.stdout()).forEach(document -> kinds.add(map(document).get("kind")));
        assertThat(kinds).containsExactlyInAnyOrder("ConfigMap", "Deployment", "PodDisruptionBudget", "Service");
    }

    @Test
    void theConfigMapsConfigurationPassesCheck() throws IOException {
        World world = World.create(dir);
        Path config = writeDeployedConfiguration(world, "http://127.0.0.1:1");

        Processes.Result check = CertgateProcess.run(dir, "check", "-c", config.toString());

        assertThat(check.exitCode()).as(check.all()).isZero();
    }

    @Test
    void aSecretUpdatedByTheKubeletsSymlinkSwapIsServedWithoutARestart() throws IOException {
        World world = World.create(dir);
        try (RecordingBackendProcess backend = RecordingBackendProcess.start(dir.resolve("backend.jsonl"))) {
            KubeletVolume tls = KubeletVolume.project(dir.resolve("etc/certgate/tls"), Map.of(
                    "tls.crt", KubeletVolume.bytesOf(dir.resolve("tls/server.pem")),
                    "tls.key", KubeletVolume.bytesOf(dir.resolve("tls/server.key"))));
            Path config = writeDeployedConfiguration(world, backend.url());
            try (CertgateProcess certgate = CertgateProcess.start(dir, "run", "-c", config.toString())) {
                int port = certgate.awaitListening();
                int adminPort = Integer.parseInt(certgate.awaitLine(
                        Pattern.compile("listening on http://[^ ]+:(\\d+) \\(admin\\)"), 30).group(1));
                // The probes' paths answer 200 on the admin port.
                assertThat(Curl.get("http://127.0.0.1:" + adminPort + "/healthz").run().status()).isEqualTo(200);
                assertThat(Curl.get("http://127.0.0.1:" + adminPort + "/readyz").run().status()).isEqualTo(200);
                BigInteger first = servedSerial(world, port);

                Credential renewed = world.pki().server("localhost");
                Path staged = dir.resolve("renewed");
                renewed.writeChain(staged.resolve("tls.crt"));
                renewed.writeKey(staged.resolve("tls.key"));
                tls.update(Map.of("tls.crt", KubeletVolume.bytesOf(staged.resolve("tls.crt")),
                        "tls.key", KubeletVolume.bytesOf(staged.resolve("tls.key"))));

                assertThat(renewed.serial()).isNotEqualTo(first);
                awaitServedSerial(world, port, renewed.serial());
                assertThat(certgate.isAlive()).isTrue();

                // The renewed gateway still proxies, with the client judged as before.
                int mark = backend.mark();
                Curl.Response response = Curl.get("https://localhost:" + port + "/after-swap").cacert(world.root())
                        .cert(world.clientPem(World.VALID), world.clientKey(World.VALID)).run();
                assertThat(response.status()).as(response.stderr()).isEqualTo(200);
                Received got = backend.awaitRequest(mark, r -> r.target().equals("/after-swap"), PATIENCE);
                assertThat(got.headers("X-Client-Cert-Verify")).containsExactly("SUCCESS");
            }
        }
    }

    /**
     * Writes the ConfigMap's certgate.yaml with its absolute directories moved under the test's
     * directory, its listeners on free loopback ports and its backend replaced, and the client-CA
     * Secret projected as the kubelet does. The TLS Secret is projected by the caller (or here,
     * when it has not been).
     */
    private Path writeDeployedConfiguration(World world, String backendUrl) throws IOException {
        String config = configMapConfiguration()
                .replace("/etc/certgate/", dir.resolve("etc/certgate") + "/")
                .replace("/var/log/certgate/", dir.resolve("var/log/certgate") + "/")
                .replace("0.0.0.0:8443", "127.0.0.1:0")
                .replace("0.0.0.0:9443", "127.0.0.1:0")
                .replace("http://app.default.svc.cluster.local:8080", backendUrl);
        KubeletVolume.project(dir.resolve("etc/certgate/client-ca"), Map.of(
                "ca.crt", KubeletVolume.bytesOf(world.root()),
                "intermediate.crt", KubeletVolume.bytesOf(dir.resolve("pki/intermediate.pem")),
                "ca.crl", KubeletVolume.bytesOf(dir.resolve("pki/root.crl")),
                "intermediate.crl", KubeletVolume.bytesOf(dir.resolve("pki/intermediate.crl"))));
        KubeletVolume.project(dir.resolve("etc/certgate/ticket-keys"), Map.of(
                "current.key", ticketKey(), "previous.key", ticketKey()));
        if (!Files.exists(dir.resolve("etc/certgate/tls"))) {
            KubeletVolume.project(dir.resolve("etc/certgate/tls"), Map.of(
                    "tls.crt", KubeletVolume.bytesOf(dir.resolve("tls/server.pem")),
                    "tls.key", KubeletVolume.bytesOf(dir.resolve("tls/server.key"))));
        }
        Path file = dir.resolve("etc/certgate/config/certgate.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, config);
        return file;
    }

    /** Seconds of a duration written as certgate's configuration writes it here ({@code 30s}). */
    private static int seconds(Object duration) {
        String text = (String) duration;
        assertThat(text).matches("\\d+s");
        return Integer.parseInt(text.substring(0, text.length() - 1));
    }

    /** 80 random bytes, as {@code certgate pki ticket-key} writes. */
    private static byte[] ticketKey() {
        byte[] key = new byte[80];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    private static BigInteger servedSerial(World world, int port) {
        try (RawTlsClient client = RawTlsClient.connect(port, world.pki().root().certificate(), null)) {
            return client.serverCertificate().getSerialNumber();
        }
    }

    private static void awaitServedSerial(World world, int port, BigInteger expected) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        BigInteger served = servedSerial(world, port);
        while (!served.equals(expected) && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            served = servedSerial(world, port);
        }
        assertThat(served).as("the certificate served after the Secret's swap").isEqualTo(expected);
    }

    private static String configMapConfiguration() {
        Map<String, Object> configMap = map(new Yaml().load(read(MANIFESTS.resolve("configmap.yaml"))));
        return (String) at(configMap, "data", "certgate.yaml");
    }

    private static List<String> kustomizationResources() {
        Map<String, Object> kustomization = map(new Yaml().load(read(MANIFESTS.resolve("kustomization.yaml"))));
        return list(kustomization.get("resources")).stream().map(String.class::cast).toList();
    }

    private static Object at(Map<String, Object> tree, String... keys) {
        Object node = tree;
        for (String key : keys) {
            assertThat(node).as("parent of " + key).isInstanceOf(Map.class);
            node = map(node).get(key);
        }
        assertThat(node).as(String.join(".", keys)).isNotNull();
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return (List<Object>) node;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
