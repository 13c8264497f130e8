package io.certgate.it;

import static io.certgate.it.RecordedGateway.NOBODY;
import static io.certgate.it.RecordedGateway.WAIT;
import static io.certgate.it.RecordedGateway.assertBadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.LogFiles;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, paths: one canonical path per request, the one routing and the access rule judged,
 * is the one the backend receives and the access log shows; a path that a widely deployed
 * backend could read as another (Tomcat's {@code ;params}, IIS's {@code \}, encoded slashes,
 * Windows' trailing dots and spaces, {@code ::$DATA}, 8.3 names) is refused with 400.
 *
 * <p>{@code nobody} is the refused user: /app and / let it pass, /admin refuses it (403.12).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathCanonicalIT {

    private RecordedGateway gateway;
    private RecordingBackendProcess backend;

    @BeforeAll
    void start(@TempDir Path dir) {
        gateway = RecordedGateway.start(dir, "");
        backend = gateway.backend();
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    private RawTlsClient.Response get(String target) {
        return gateway.rawExchange(NOBODY, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n");
    }

    /** What nobody gets on /admin itself: the refusal every spelling of /admin must get too. */
    private String adminRefusal() {
        RawTlsClient.Response plain = get("/admin/x");
        assertThat(plain.status()).as(plain.toString()).isEqualTo(403);
        return plain.header("Certgate-Status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/..;/admin/x", "/app/..\\admin/x", "/app/..%5cadmin/x", "/app/..%5Cadmin/x",
            "/admin%2f..%2fapp/x", "/app/%2e%2e;/admin/x"})
    void traversalsABackendWouldReadDifferentlyGet400(String target) {
        int mark = backend.mark();
        int output = gateway.outputMark();
        assertBadRequest(get(target));
        gateway.assertNothingReachedTheBackendSince(mark);
        gateway.assertNoStackTraceSince(output);
    }

    @Test
    void dotSegmentsOutOfAdminAreRoutedToAppAndForwardedResolved() {
        int mark = backend.mark();
        RawTlsClient.Response answer = get("/admin/../app/x");
        Received received = backend.awaitRequest(mark, r -> r.target().endsWith("/x"), WAIT);
        assertThat(received.requestLine()).isEqualTo("GET /app/x HTTP/1.1");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.bodyText()).endsWith(": GET /app/x HTTP/1.1\n");
    }

    @Test
    void semicolonParametersThatTomcatAndGoReadUnderDifferentLocationsGet400() {
        // Tomcat reads /admin;x as /admin, Go and IIS as a sibling of /admin under "/": certgate
        // cannot judge both at once, so it judges neither.
        int mark = backend.mark();
        assertBadRequest(get("/admin;x"));
        assertBadRequest(get("/;x/admin/secret"));
        gateway.assertNothingReachedTheBackendSince(mark);
    }

    @Test
    void semicolonParametersInsideOneLocationReachTheBackendAsSent() {
        int mark = backend.mark();
        RawTlsClient.Response answer = get("/app/page;v=1");
        Received received = backend.awaitRequest(mark, r -> r.target().startsWith("/app/page"), WAIT);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(received.requestLine()).isEqualTo("GET /app/page;v=1 HTTP/1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin\\x", "/admin./x", "/admin%20/x", "/admin::$DATA", "/ADMIN~1/x", "/admin%5cx",
            "/admin%00/x", "/admin../x"})
    void namesAWindowsOrJavaBackendWouldReadAsAdminGet400(String target) {
        int mark = backend.mark();
        int output = gateway.outputMark();
        assertBadRequest(get(target));
        gateway.assertNothingReachedTheBackendSince(mark);
        gateway.assertNoStackTraceSince(output);
    }

    /** What held up before issue 10 and must keep holding: these are /admin, refused, never forwarded. */
    @ParameterizedTest
    @ValueSource(strings = {"/ADMIN/x", "//admin/x", "/%61dmin/x", "/app/%2e%2e/admin/x", "/Admin/./x"})
    void spellingsOfAdminAreStillJudgedAsAdmin(String target) {
        String refusal = adminRefusal();
        int mark = backend.mark();
        RawTlsClient.Response answer = get(target);
        gateway.assertNothingReachedTheBackendSince(mark);
        assertThat(answer.status()).as(answer.toString()).isIn(400, 403);
        if (answer.status() == 403) {
            assertThat(answer.header("Certgate-Status")).isEqualTo(refusal);
        }
    }

    @Test
    void backendAndAccessLogGetTheCanonicalPathWithTheQueryUnchanged() {
        int mark = backend.mark();
        RawTlsClient.Response answer = get("/app/%61b/./c//d?q=%2F&log=canonical");
        Received received = backend.awaitRequest(mark, r -> r.target().contains("log=canonical"), WAIT);
        assertThat(received.requestLine()).isEqualTo("GET /app/ab/c/d?q=%2F&log=canonical HTTP/1.1");
        assertThat(answer.status()).isEqualTo(200);
        List<String> log = LogFiles.awaitMatch(gateway.accessLog(), "log=canonical", WAIT);
        assertThat(log).filteredOn(line -> line.contains("log=canonical")).singleElement().asString()
                .contains(" GET /app/ab/c/d ").doesNotContain("%61b").doesNotContain("//d");
    }

    @Test
    void accessLogShowsThePathThatWasRoutedNotTheOneSent() {
        int mark = backend.mark();
        get("/admin/../app/logged?log=routed");
        backend.awaitRequest(mark, r -> r.target().contains("log=routed"), WAIT);
        List<String> log = LogFiles.awaitMatch(gateway.accessLog(), "log=routed", WAIT);
        assertThat(log).filteredOn(line -> line.contains("log=routed")).singleElement().asString()
                .contains(" GET /app/logged ").doesNotContain("/admin");
    }
}
