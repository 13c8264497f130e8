package io.certgate.it;

import static io.certgate.it.RecordedGateway.WAIT;
import static io.certgate.it.RecordedGateway.assertBadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.Curl;
import io.certgate.testing.HeaderField;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.Received;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, headers and Host: no header a backend trusts comes from the client, however it is
 * spelled (case, {@code _} for {@code -}), over HTTP/1.1 and HTTP/2; names with {@code _} are
 * dropped unless {@code http.underscoresInHeaders: allow}; the backend gets exactly one Host,
 * and an ambiguous Host is 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeaderSpoofingIT {

    /** Headers some backend or framework trusts (issue 10's list), which certgate never sets itself. */
    private static final List<String> TRUST_BEARING = List.of("X-Original-URL", "X-Rewrite-URL", "X-ARR-ClientCert",
            "X-Forwarded-Client-Cert", "X-SSL-Client-S-DN", "X-SSL-Client-Verify", "X-Real-IP", "X-Forwarded-Prefix",
            "X-Forwarded-Anything", "X-HTTP-Method-Override", "Client-Cert", "Client-Cert-Chain", "Forwarded",
            "X-Custom-Trust");
    /** Identity headers certgate sets itself (SPEC §5), so a forged copy must give way to certgate's. */
    private static final List<String> IDENTITY = List.of("X-Remote-User", "X-Remote-Groups", "X-Client-Cert-Subject",
            "X-Forwarded-For");
    private static final String STRIP = "identityHeaders:\n  strip: [X-Custom-Trust]\n";

    private RecordedGateway dropping;
    private RecordedGateway allowing;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path drop = Files.createDirectory(dir.resolve("drop"));
        Path allow = Files.createDirectory(dir.resolve("allow"));
        // Two gateways (http: is top-level), started side by side to halve the wait.
        CompletableFuture<RecordedGateway> allowed = CompletableFuture.supplyAsync(() ->
                RecordedGateway.start(allow, STRIP + "http:\n  underscoresInHeaders: allow\n"));
        try {
            dropping = RecordedGateway.start(drop, STRIP);
        } finally {
            allowing = allowed.join();
        }
    }

    @AfterAll
    void stop() {
        try {
            dropping.close();
        } finally {
            allowing.close();
        }
    }

    /** A request by curl (HTTP/1.1 or HTTP/2) with the given header lines, and what reached the backend. */
    private static Received viaCurl(RecordedGateway gateway, String path, String client, boolean http2, List<String> headers) {
        int mark = gateway.backend().mark();
        Curl curl = gateway.curl(path, client);
        headers.forEach(h -> curl.arg("-H", h));
        Curl.Response answer = (http2 ? curl.http2() : curl.http1()).run();
        assertThat(answer.status()).as(answer.body() + answer.stderr()).isEqualTo(200);
        return gateway.backend().awaitRequest(mark, r -> r.target().equals(path), WAIT);
    }

    /** A request sent raw over HTTP/1.1, every header line exactly as given, and what reached the backend. */
    private static Received viaRaw(RecordedGateway gateway, String path, String client, List<String> headers) {
        int mark = gateway.backend().mark();
        RawTlsClient.Response answer = gateway.rawExchange(client, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + String.join("\r\n", headers) + "\r\n\r\n");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return gateway.backend().awaitRequest(mark, r -> r.target().equals(path), WAIT);
    }

    private static List<String> underscoreSpoofs() {
        return List.of("X_Remote_User: alice", "X_Remote_Groups: admins", "X_Client_Cert_Subject: x",
                "X_Forwarded_For: 1.2.3.4");
    }

    /** A's name with {@code _} read as {@code -}, lowercase: how CGI, WSGI and PHP see two names as one. */
    private static String folded(String name) {
        return name.replace('_', '-').toLowerCase(Locale.ROOT);
    }

    private static void assertIdentityIsCertgatesOwn(Received received, String account) {
        if (account == null) {
            assertThat(received.headers("X-Remote-User")).as(received.toString()).isEmpty();
            assertThat(received.headers("X-Remote-Groups")).as(received.toString()).isEmpty();
            assertThat(received.headers("X-Client-Cert-Subject")).as(received.toString()).isEmpty();
        } else {
            assertThat(received.headers("X-Remote-User")).as(received.toString()).containsExactly(account);
            assertThat(received.headers("X-Remote-Groups")).as(received.toString()).containsExactly("admins");
            assertThat(received.headers("X-Client-Cert-Subject")).as(received.toString())
                    .containsExactly("CN=" + account + ",O=certgate tests");
        }
        assertThat(received.headers("X-Forwarded-For")).as(received.toString()).containsExactly("127.0.0.1");
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void underscoreSpellingsOfIdentityHeadersNeverReachTheBackend(boolean http2) {
        Received anonymous = viaCurl(dropping, "/app/underscores-" + http2, null, http2, underscoreSpoofs());
        Received alice = viaCurl(dropping, "/admin/underscores-" + http2, World.VALID, http2, underscoreSpoofs());
        for (Received received : List.of(anonymous, alice)) {
            assertThat(received.headers()).as("headers with _ in their names").noneMatch(f -> f.name().contains("_"));
        }
        assertIdentityIsCertgatesOwn(anonymous, null);
        assertIdentityIsCertgatesOwn(alice, World.VALID);
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void anyHeaderWithAnUnderscoreIsDroppedByDefault(boolean http2) {
        Received received = viaCurl(dropping, "/app/custom-underscore-" + http2, null, http2,
                List.of("X_Custom: 1", "My_Header: 2", "X-Dash: kept"));
        assertThat(received.headers()).noneMatch(f -> f.name().contains("_"));
        assertThat(received.headers("X-Dash")).as("an ordinary header still passes").containsExactly("kept");
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void underscoresAllowedKeepOrdinaryHeadersButNeverIdentityOrTrustBearingOnes(boolean http2) {
        List<String> headers = new java.util.ArrayList<>(underscoreSpoofs());
        headers.add("X_Custom: 1");
        headers.add("X_Original_URL: /admin/secret");
        headers.add("X_Custom_Trust: forged");
        Received received = viaCurl(allowing, "/app/allowed-underscore-" + http2, null, http2, headers);
        assertThat(received.headers()).as("X_Custom, as sent").filteredOn(f -> folded(f.name()).equals("x-custom"))
                .extracting(HeaderField::value).containsExactly("1");
        assertThat(received.headers()).as("identity and trust-bearing names with _")
                .noneMatch(f -> f.name().contains("_") && !folded(f.name()).equals("x-custom"));
        assertIdentityIsCertgatesOwn(received, null);
    }

    /** Each trust-bearing name as written, lowercase, uppercase and with {@code _}; values all say "forged". */
    private static List<String> trustBearingSpellings() {
        List<String> lines = new java.util.ArrayList<>();
        for (String name : TRUST_BEARING) {
            lines.add(name + ": forged-as-written");
            lines.add(name.toLowerCase(Locale.ROOT) + ": forged-lowercase");
            lines.add(name.toUpperCase(Locale.ROOT) + ": forged-uppercase");
            lines.add(name.replace('-', '_') + ": forged-underscore");
        }
        for (String name : IDENTITY) {
            lines.add(name.toLowerCase(Locale.ROOT).replace('-', '_') + ": forged-identity");
        }
        return lines;
    }

    private static void assertNoTrustBearingHeader(Received received) {
        assertThat(received.headers()).as("forged values at the backend").noneMatch(f -> f.value().startsWith("forged"));
        assertThat(received.headers()).as("trust-bearing names at the backend")
                .noneMatch(f -> TRUST_BEARING.stream().anyMatch(name -> folded(name).equals(folded(f.name()))));
    }

    @ParameterizedTest(name = "underscoresAllowed={0}")
    @ValueSource(booleans = {false, true})
    void trustBearingHeadersAreStrippedInAnySpellingOverHttp11(boolean underscoresAllowed) {
        RecordedGateway gateway = underscoresAllowed ? allowing : dropping;
        Received received = viaRaw(gateway, "/app/trust-h1-" + underscoresAllowed, null, trustBearingSpellings());
        assertNoTrustBearingHeader(received);
        assertIdentityIsCertgatesOwn(received, null);
    }

    @ParameterizedTest(name = "underscoresAllowed={0}")
    @ValueSource(booleans = {false, true})
    void trustBearingHeadersAreStrippedInAnySpellingOverHttp2(boolean underscoresAllowed) {
        RecordedGateway gateway = underscoresAllowed ? allowing : dropping;
        Received received = viaCurl(gateway, "/admin/trust-h2-" + underscoresAllowed, World.VALID, true,
                trustBearingSpellings());
        assertNoTrustBearingHeader(received);
        assertIdentityIsCertgatesOwn(received, World.VALID);
    }

    /**
     * Issue 12: the backend's X-Request-Id is the ID the client's answer carries in
     * Certgate-Request-Id, and a client's own X-Request-Id (any spelling) never arrives.
     */
    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void backendGetsTheAnswersRequestIdNeverTheClients(boolean http2) {
        String path = "/app/request-id-" + http2;
        int mark = dropping.backend().mark();
        Curl curl = dropping.curl(path, null);
        List.of("X-Request-Id: forged-1", "x-request-id: forged-2", "X-Request_Id: forged-3")
                .forEach(h -> curl.arg("-H", h));
        Curl.Response answer = (http2 ? curl.http2() : curl.http1()).run();
        assertThat(answer.status()).as(answer.body() + answer.stderr()).isEqualTo(200);
        Received received = dropping.backend().awaitRequest(mark, r -> r.target().equals(path), WAIT);

        String id = answer.header("Certgate-Request-Id");
        assertThat(id).as("the answer's ID").matches("[0-9a-f]{32}");
        assertThat(received.headers("X-Request-Id")).as(received.toString()).containsExactly(id);
        assertThat(received.headers()).noneMatch(f -> f.value().startsWith("forged"));
    }

    @Test
    void everyRefusalCarriesARequestIdOfItsOwn() {
        Curl.Response first = dropping.curl("/admin/needs-alice", null).http1().run();
        Curl.Response second = dropping.curl("/admin/needs-alice", null).http2().run();
        assertThat(first.status()).isEqualTo(403);
        assertThat(first.header("Certgate-Request-Id")).matches("[0-9a-f]{32}")
                .isNotEqualTo(second.header("Certgate-Request-Id"));
        assertThat(first.body()).contains(first.header("Certgate-Request-Id"));
    }

    @Test
    void forgedIdentityHeadersGiveWayToCertgatesOwn() {
        List<String> forged = List.of("X-Remote-User: mallory", "x-remote-user: root", "X-Remote-Groups: root",
                "X-Client-Cert-Subject: CN=mallory", "X-Forwarded-For: 10.0.0.1");
        assertIdentityIsCertgatesOwn(viaRaw(dropping, "/admin/own-identity", World.VALID, forged), World.VALID);
        assertIdentityIsCertgatesOwn(viaRaw(dropping, "/app/own-identity", null, forged), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: site2.test\r\nHost: localhost\r\n", "Host: localhost\r\nHost: localhost\r\n",
            "Host: localhost..\r\n", "Host: user@localhost\r\n", "Host: localhost,site2.test\r\n", "Host: \r\n",
            "Host: localhost:port\r\n", "Host: local host\r\n", ""})
    void ambiguousOrMissingHostGets400AndNothingReachesTheBackend(String hostLines) {
        int mark = dropping.backend().mark();
        int output = dropping.outputMark();
        RawTlsClient.Response answer = dropping.rawExchange(null, "GET /app/host-check HTTP/1.1\r\n" + hostLines
                + "Accept: text/plain\r\n\r\n");
        assertBadRequest(answer);
        dropping.assertNothingReachedTheBackendSince(mark);
        dropping.assertNoStackTraceSince(output);
    }

    /** curl sends an HTTP/2 request's Host as :authority, which is judged like Host. */
    @ParameterizedTest
    @ValueSource(strings = {"localhost..", "user@localhost", "localhost,site2.test", "site2.test"})
    void http2AuthorityIsJudgedLikeHost(String authority) {
        int mark = dropping.backend().mark();
        Curl.Response answer = dropping.curl("/app/h2-authority", null).http2().header("Host", authority).run();
        if (authority.equals("site2.test")) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(421);
        } else {
            assertBadRequest(answer);
        }
        dropping.assertNothingReachedTheBackendSince(mark);
    }

    @ParameterizedTest(name = "{0} with Host {1}")
    @CsvSource({"site2.test, site2.test", "site2.test, localhost"})
    void absoluteFormNamingAnotherSiteThanSniGets421(String authority, String host) {
        int mark = dropping.backend().mark();
        RawTlsClient.Response answer = dropping.rawExchange(null, "GET https://" + authority + "/app/absolute HTTP/1.1\r\n"
                + "Host: " + host + "\r\n\r\n");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(421);
        dropping.assertNothingReachedTheBackendSince(mark);
    }

    /** Issue 10 §4: the authority "must name the site SNI chose, else 421" — a name of no site is not it. */
    @Test
    void absoluteFormNamingNoConfiguredSiteGets421() {
        int mark = dropping.backend().mark();
        RawTlsClient.Response answer = dropping.rawExchange(null, "GET https://other.example/app/absolute-unknown HTTP/1.1\r\n"
                + "Host: localhost\r\n\r\n");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(421);
        dropping.assertNothingReachedTheBackendSince(mark);
    }

    @Test
    void absoluteFormAuthorityWinsOverHostAndTheBackendGetsOriginFormWithOneHost() {
        int mark = dropping.backend().mark();
        RawTlsClient.Response answer = dropping.rawExchange(null, "GET https://localhost/app/absolute-ok HTTP/1.1\r\n"
                + "Host: elsewhere.example\r\n\r\n");
        Received received = dropping.backend().awaitRequest(mark, r -> r.target().endsWith("/app/absolute-ok"), WAIT);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        // RFC 9112 §3.2.1: an origin server is sent origin-form; §3.2.2: the authority wins over Host.
        assertThat(received.requestLine()).isEqualTo("GET /app/absolute-ok HTTP/1.1");
        assertThat(received.headers("Host")).singleElement().asString().matches("localhost(:\\d+)?");
    }

    /** Methods are case-sensitive (RFC 9110 §9.1): "get" is not GET, and a backend must not be left to guess. */
    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void lowercaseMethodNeverReachesTheBackendAsSent(boolean http2) {
        int mark = dropping.backend().mark();
        Curl curl = dropping.curl("/app/lowercase-method-" + http2, null).arg("-X", "get");
        Curl.Response answer = (http2 ? curl.http2() : curl.http1()).run();
        dropping.sentinel();
        assertThat(dropping.backend().receivedSince(mark)).as("requests at the backend")
                .noneMatch(r -> !r.method().equals(r.method().toUpperCase(Locale.ROOT)));
        assertThat(answer.status()).as("an answer, not a reset").isNotZero();
    }
}
