package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.LogFiles;
import io.certgate.testing.World;
import io.certgate.x509.DistinguishedName;
import io.certgate.x509.NameAttribute;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, a real browser: headless Chromium against {@code bin/certgate} over HTTP/2, with the
 * client certificate in a temporary NSS database (Chromium on Linux reads {@code ~/.pki/nssdb},
 * so HOME is a temporary directory) and chosen without a dialog by the AutoSelectCertificateForUrls
 * setting, written into a temporary profile ({@code --user-data-dir}) rather than the machine's
 * {@code /etc/chromium/policies}: the policy is stored as the same content setting. Each page
 * is saved as a screenshot under {@code target/browser-it/} for a person to look at, and read as
 * text ({@code --dump-dom}) for the assertions.
 *
 * <p>Skipped, with the reason, only where Chromium or NSS's tools are not installed ({@code .ci/run}
 * installs them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserIT {

    private static final Duration BROWSER_PATIENCE = Duration.ofSeconds(150);
    private static final Path SHOTS = Path.of("target", "browser-it").toAbsolutePath();

    private String chromium;
    private World world;
    private CertgateProcess certgate;
    private int port;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        chromium = onPath("chromium").or(() -> onPath("chromium-browser")).orElse(null);
        assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium): the browser test is skipped");
        assumeTrue(onPath("certutil").isPresent() && onPath("pk12util").isPresent(),
                "certutil and pk12util are not installed (apt-get install libnss3-tools): the browser test is skipped");
        this.dir = dir;
        world = World.create(dir);
        Files.writeString(dir.resolve("certgate.yaml"), """
                listen:
                  - address: 127.0.0.1:0
                  - address: 127.0.0.1:0
                    redirectToHttps: false
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    hsts: { maxAge: 180d, includeSubDomains: false }
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem]
                      intermediates: [pki/intermediate.pem]
                      revocation:
                        crlFiles: [pki/intermediate.crl, pki/root.crl]
                    locations:
                      - path: /
                        root: www
                accessLog:
                  file: logs/access.json
                  format: json
                """);
        certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        port = certgate.awaitListening();
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() {
        if (certgate != null) {
            certgate.close();
        }
    }

    @Test
    void validCertificateChosenByPolicyGetsThePageOverHttp2() throws Exception {
        Browser browser = browserWith(World.VALID);
        String text = browser.visit("/", "200-valid-certificate");

        assertThat(text).contains("hello from the root");
        // The same profile opens the page three times: the first answer is 200, the others may be 304.
        List<JsonNode> pages = browserRequests().stream()
                .filter(line -> line.get("cert-subject").asText().contains("CN=" + World.VALID))
                .filter(line -> line.get("cs-uri-stem").asText().equals("/")).toList();
        assertThat(pages).isNotEmpty();
        assertThat(pages.get(0).get("sc-status").asInt()).isEqualTo(200);
        assertThat(pages).allMatch(line -> line.get("sc-status").asInt() == 200 || line.get("sc-status").asInt() == 304)
                .allMatch(line -> line.get("protocol").asText().equals("HTTP/2"));
    }

    @Test
    void withoutACertificateThePageListsTheAcceptedAuthorities() throws Exception {
        Browser browser = browserWith(null);
        String text = browser.visit("/", "403.7-no-certificate");

        String rootName = DistinguishedName.of(world.pki().root().certificate().getSubjectX500Principal()).rfc4514();
        assertThat(text).contains("HTTP 403.7").contains("Client certificate required")
                .contains("Certificate authorities this site accepts").contains(rootName)
                .contains("expired").contains("client authentication").contains("until it is restarted");
        JsonNode logged = lastBrowserRequest();
        assertThat(logged.get("sc-substatus").asInt()).isEqualTo(7);
        assertThat(logged.get("protocol").asText()).isEqualTo("HTTP/2");
        assertThat(text).as("the page shows the ID the log has").contains(logged.get("requestId").asText());
        assertThat(browserRequests()).as("the page's empty data: icon stops the /favicon.ico request (the 200"
                        + " page, a plain static file, is followed by one)")
                .filteredOn(line -> line.get("cert-subject").asText().isEmpty())
                .noneMatch(line -> line.get("cs-uri-stem").asText().equals("/favicon.ico"));
    }

    @Test
    void certificateUnderAnExpiredIntermediateGetsThe403_17PageShowingIt() throws Exception {
        Browser browser = browserWith(World.CA_EXPIRED);
        String text = browser.visit("/", "403.17-expired-intermediate");

        X509Certificate leaf = world.client(World.CA_EXPIRED).certificate();
        assertThat(text).contains("HTTP 403.17").contains("The certificate sent").contains("CN=" + World.CA_EXPIRED)
                .contains("Expired Issuing CA").contains(leaf.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT))
                .contains("Most likely causes").contains("Things you can try");
        JsonNode logged = lastBrowserRequest();
        assertThat(logged.get("sc-substatus").asInt()).isEqualTo(17);
        assertThat(logged.get("protocol").asText()).isEqualTo("HTTP/2");
        assertThat(browserRequests()).filteredOn(line -> line.get("cert-subject").asText().contains(World.CA_EXPIRED))
                .noneMatch(line -> line.get("cs-uri-stem").asText().equals("/favicon.ico"));
    }

    @Test
    void hstsIsOnHttpsAnswersOnlyNeverOnPlainHttp() {
        Curl.Response https = Curl.get("https://localhost:" + port + "/").cacert(world.root())
                .cert(world.clientPem(World.VALID), world.clientKey(World.VALID)).run();
        Curl.Response refused = Curl.get("https://localhost:" + port + "/").cacert(world.root()).run();
        int plainPort = Integer.parseInt(certgate.awaitLine(
                java.util.regex.Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)"), 30).group(1));
        Curl.Response plain = Curl.get("http://localhost:" + plainPort + "/").run();

        assertThat(https.header("Strict-Transport-Security")).isEqualTo("max-age=15552000");
        assertThat(refused.header("Strict-Transport-Security")).as("error pages too").isEqualTo("max-age=15552000");
        assertThat(plain.code()).isEqualTo("403.4");
        assertThat(plain.header("Strict-Transport-Security")).as("RFC 6797 §7.2: never over plain HTTP").isNull();
        assertThat(plain.header("Certgate-Request-Id")).matches("[0-9a-f]{32}");
    }

    /** Chromium with its own HOME (NSS database) and profile, holding {@code client}'s certificate, or none. */
    private Browser browserWith(String client) throws IOException {
        Path home = Files.createTempDirectory(dir, "home-");
        Path nss = Files.createDirectories(home.resolve(".pki/nssdb"));
        run(List.of("certutil", "-N", "--empty-password", "-d", "sql:" + nss), home);
        // The server's certificate is checked against the world's root, as a browser of the organisation would.
        run(List.of("certutil", "-A", "-n", "certgate test root", "-t", "C,,", "-i", world.root().toString(),
                "-d", "sql:" + nss), home);
        Path profile = Files.createDirectories(home.resolve("profile/Default"));
        if (client != null) {
            Path p12 = home.resolve(client + ".p12");
            run(List.of("openssl", "pkcs12", "-export", "-in", world.clientPem(client).toString(), "-inkey",
                    world.clientKey(client).toString(), "-out", p12.toString(), "-passout", "pass:browser-it",
                    "-name", client), home);
            run(List.of("pk12util", "-i", p12.toString(), "-d", "sql:" + nss, "-W", "browser-it"), home);
            String issuerCn = DistinguishedName.of(world.client(client).certificate().getIssuerX500Principal())
                    .values(NameAttribute.CN).get(0);
            // AutoSelectCertificateForUrls, as the content setting the policy becomes: this origin, this issuer.
            Files.writeString(profile.resolve("Preferences"), """
                    {"profile":{"content_settings":{"exceptions":{"auto_select_certificate":{
                      "https://localhost:%d,*":{"last_modified":"13300000000000000",
                        "setting":{"filters":[{"ISSUER":{"CN":%s}}]}}}}}}}
                    """.formatted(port, new ObjectMapper().writeValueAsString(issuerCn)));
        }
        return new Browser(home, home.resolve("profile"));
    }

    private final class Browser {
        private final Path home;
        private final Path profile;

        Browser(Path home, Path profile) {
            this.home = home;
            this.profile = profile;
        }

        /** Opens the page twice (Chromium does one thing per headless run): a screenshot, then its text. */
        String visit(String path, String name) {
            String url = "https://localhost:" + port + path;
            Path shot = SHOTS.resolve(name + ".png");
            chromium(List.of("--window-size=1000,1300", "--screenshot=" + shot, url));
            assertThat(shot).as("screenshot of " + url).exists();
            Path phone = SHOTS.resolve(name + "-phone-dark.png");
            chromium(List.of("--window-size=390,1400", "--force-dark-mode", "--screenshot=" + phone, url));
            return chromium(List.of("--dump-dom", url));
        }

        private String chromium(List<String> args) {
            List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                    "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
                    "--user-data-dir=" + profile));
            command.addAll(args);
            return run(command, home, BROWSER_PATIENCE);
        }
    }

    private List<JsonNode> browserRequests() {
        List<String> lines = LogFiles.awaitLines(dir.resolve("logs/access.json"),
                all -> all.stream().anyMatch(l -> l.contains("HeadlessChrome")), Duration.ofSeconds(20));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            try {
                JsonNode node = json.readTree(line);
                if (node.get("cs(User-Agent)").asText().contains("HeadlessChrome")) {
                    nodes.add(node);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nodes;
    }

    /** The browser's last request for a page (not for its favicon). */
    private JsonNode lastBrowserRequest() {
        List<JsonNode> nodes = browserRequests().stream()
                .filter(node -> !node.get("cs-uri-stem").asText().equals("/favicon.ico")).toList();
        return nodes.get(nodes.size() - 1);
    }

    private static Optional<String> onPath(String program) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static String run(List<String> command, Path home) {
        return run(command, home, Duration.ofSeconds(60));
    }

    /** Runs a command with HOME set (Chromium and NSS read ~/.pki/nssdb); its output, or a failed assertion. */
    private static String run(List<String> command, Path home, Duration patience) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
            Map<String, String> env = builder.environment();
            env.put("HOME", home.toString());
            builder.redirectError(home.resolve("stderr-" + System.nanoTime() + ".txt").toFile());
            Process process = builder.start();
            process.getOutputStream().close();
            var out = new java.util.concurrent.CompletableFuture<String>();
            Thread reader = new Thread(() -> {
                try {
                    out.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.complete("");
                }
            });
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(patience.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + patience.toSeconds() + "s: " + String.join(" ", command));
            }
            String output = out.get(10, TimeUnit.SECONDS);
            assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
