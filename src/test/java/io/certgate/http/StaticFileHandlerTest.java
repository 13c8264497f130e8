package io.certgate.http;

import static io.certgate.http.RequestPipeline.request;
import static io.certgate.http.RequestPipeline.site;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ClientCertMode;
import io.certgate.config.ErrorDetail;
import io.certgate.validation.Verdict;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Static files from a real directory: methods, index pages, directory redirects, content types, 404/405. */
class StaticFileHandlerTest {

    private static final Instant MODIFIED = Instant.parse("2026-02-01T08:30:00Z");

    @TempDir
    Path temp;
    private Path root;
    private Site site;

    @BeforeEach
    void siteServingADirectory() throws IOException {
        root = Files.createDirectories(temp.resolve("www")).toRealPath();
        write("hello.txt", "hello, world\n");
        write("docs/index.html", "<h1>docs</h1>\n");
        write("files/report.csv", "a,b\n");
        Files.createDirectories(root.resolve("empty"));
        site = site("app", List.of("app.example.com"),
                chain -> CompletableFuture.completedFuture(Verdict.missing()), ErrorDetail.DETAILED,
                new Location("/", ClientCertMode.IGNORE, root),
                new Location("/downloads", ClientCertMode.IGNORE, root.resolve("files")));
    }

    private Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
        return file;
    }

    private RequestPipeline.Answer send(HttpMethod method, String uri, String... headers) {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            return connection.send(request(method, uri, "app.example.com", headers));
        }
    }

    @Test
    void getServesTheFileWithLengthTypeEtagAndLastModified() {
        RequestPipeline.Answer answer = send(GET, "/hello.txt");

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("hello, world\n");
        assertThat(answer.header(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("13");
        assertThat(answer.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain; charset=utf-8");
        assertThat(answer.header(HttpHeaderNames.ETAG)).matches("\"[0-9a-f]+-d\"");
        assertThat(answer.header(HttpHeaderNames.LAST_MODIFIED)).isEqualTo(DateFormatter.format(Date.from(MODIFIED)));
    }

    @Test
    void headAnswersTheSameHeadersWithoutABody() {
        RequestPipeline.Answer get = send(GET, "/hello.txt");
        RequestPipeline.Answer head = send(HEAD, "/hello.txt");

        assertThat(head.code()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("13");
        assertThat(head.header(HttpHeaderNames.ETAG)).isEqualTo(get.header(HttpHeaderNames.ETAG));
        assertThat(head.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo(get.header(HttpHeaderNames.CONTENT_TYPE));
    }

    @Test
    void directoryRequestedWithSlashServesItsIndexHtml() {
        RequestPipeline.Answer answer = send(GET, "/docs/");

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("<h1>docs</h1>\n");
        assertThat(answer.header(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/html");
    }

    @Test
    void directoryRequestedWithoutSlashRedirectsToTheSlashAndKeepsTheQuery() {
        RequestPipeline.Answer answer = send(GET, "/docs?lang=en");

        assertThat(answer.code()).isEqualTo(301);
        assertThat(answer.header(HttpHeaderNames.LOCATION)).isEqualTo("/docs/?lang=en");
        assertThat(answer.header(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("0");
    }

    @Test
    void redirectToADirectoryIsBuiltFromTheNormalizedPathAndNeverLeavesTheSite() throws IOException {
        write("evil.example/dir/index.html", "inside\n");

        for (String target : List.of("//evil.example/dir", "///evil.example/dir",
                "/x/..//evil.example/dir", "/./evil.example/dir")) {
            RequestPipeline.Answer answer = send(GET, target);

            assertThat(answer.code()).as(target).isEqualTo(301);
            assertThat(answer.header(HttpHeaderNames.LOCATION)).as(target).isEqualTo("/evil.example/dir/");
        }
        // An encoded slash is refused outright: backends disagree on whether it separates segments.
        assertThat(send(GET, "/%2Fevil.example/dir").code()).isEqualTo(400);
    }

    @Test
    void aNameEndingInADotIsRefusedBecauseWindowsWouldServeAnotherFile() throws IOException {
        write("trailing.", "x");

        RequestPipeline.Answer answer = send(GET, "/trailing.");

        assertThat(answer.code()).isEqualTo(400);
        assertThat(answer.header("Certgate-Status")).isEqualTo("400 bad-request");
    }

    @Test
    void redirectLocationIsPercentEncoded() throws IOException {
        write("a dir/é/index.html", "x\n");

        RequestPipeline.Answer answer = send(GET, "/a%20dir/%C3%A9");

        assertThat(answer.header(HttpHeaderNames.LOCATION)).isEqualTo("/a%20dir/%C3%A9/");
    }

    @Test
    void locationPrefixMapsToItsRootLikeAVirtualDirectory() {
        RequestPipeline.Answer file = send(GET, "/downloads/report.csv");
        RequestPipeline.Answer prefixItself = send(GET, "/downloads");

        assertThat(file.code()).isEqualTo(200);
        assertThat(file.text()).isEqualTo("a,b\n");
        assertThat(prefixItself.code()).isEqualTo(301);
        assertThat(prefixItself.header(HttpHeaderNames.LOCATION)).isEqualTo("/downloads/");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "style.css     | text/css; charset=utf-8",
            "app.js        | text/javascript; charset=utf-8",
            "data.JSON     | application/json",
            "page.htm      | text/html; charset=utf-8",
            "logo.svg      | image/svg+xml",
            "ca.crl        | application/pkix-crl",
            "archive.xyz   | application/octet-stream",
            "README        | application/octet-stream",
    })
    void contentTypeFollowsTheExtension(String name, String type) throws IOException {
        write(name, "x");

        assertThat(send(GET, "/" + name).header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo(type);
    }

    @Test
    void missingFileIs404() {
        RequestPipeline.Answer answer = send(GET, "/nope.txt");

        assertThat(answer.code()).isEqualTo(404);
        assertThat(answer.text()).doesNotContain(root.toString());
    }

    @Test
    void directoryWithoutIndexIs404() {
        assertThat(send(GET, "/empty/").code()).isEqualTo(404);
    }

    @Test
    void postIs405WithAllowGetHead() {
        RequestPipeline.Answer answer = send(POST, "/hello.txt");

        assertThat(answer.code()).isEqualTo(405);
        assertThat(answer.header(HttpHeaderNames.ALLOW)).isEqualTo("GET, HEAD");
    }

    @Test
    void symlinkInsideTheRootPointingOutsideIs404() throws IOException {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "top secret\n");
        Path outsideDir = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outsideDir.resolve("index.html"), "outside index\n");
        Files.writeString(outsideDir.resolve("x.txt"), "outside file\n");
        Files.createSymbolicLink(root.resolve("link.txt"), secret);
        Files.createSymbolicLink(root.resolve("linkdir"), outsideDir);

        for (String target : List.of("/link.txt", "/linkdir/", "/linkdir/x.txt", "/linkdir/index.html")) {
            RequestPipeline.Answer answer = send(GET, target);

            assertThat(answer.code()).as(target).isEqualTo(404);
            assertThat(answer.text()).as(target).doesNotContain("top secret").doesNotContain("outside");
        }
    }

    @Test
    void indexHtmlSymlinkPointingOutsideIs404() throws IOException {
        Path secret = Files.writeString(temp.resolve("secret.html"), "top secret\n");
        Path dir = Files.createDirectories(root.resolve("trap"));
        Files.createSymbolicLink(dir.resolve("index.html"), secret);

        RequestPipeline.Answer answer = send(GET, "/trap/");

        assertThat(answer.code()).isEqualTo(404);
        assertThat(answer.text()).doesNotContain("top secret");
    }

    @Test
    void symlinkThatStaysInsideTheRootIsServed() throws IOException {
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("hello.txt"));

        RequestPipeline.Answer answer = send(GET, "/alias.txt");

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("hello, world\n");
    }

    @Test
    void siblingDirectoryWhoseNameExtendsTheRootIsOutside() throws IOException {
        // "www-private" starts with "www" as a string, but is not inside it.
        Path sibling = Files.createDirectories(temp.resolve("www-private"));
        Files.writeString(sibling.resolve("key.txt"), "private\n");
        Files.createSymbolicLink(root.resolve("sibling"), sibling);

        assertThat(send(GET, "/sibling/key.txt").code()).isEqualTo(404);
    }

    @Test
    void bodyOfAServedRequestIsConsumedAndTheNextRequestAnswered() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            RequestPipeline.Answer first = connection.send(
                    RequestPipeline.headWithBody(GET, "/hello.txt", "app.example.com", 4),
                    RequestPipeline.part("ab"), RequestPipeline.lastPart("cd"));
            RequestPipeline.Answer second = connection.send(request(GET, "/docs/", "app.example.com"));

            assertThat(first.code()).isEqualTo(200);
            assertThat(second.code()).isEqualTo(200);
            assertThat(second.text()).contains("docs");
            assertThat(connection.nothingMoreWritten()).isTrue();
        }
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagGets304WithoutBody() {
        String etag = send(GET, "/hello.txt").header(HttpHeaderNames.ETAG);

        RequestPipeline.Answer answer = send(GET, "/hello.txt", "If-None-Match", etag);

        assertThat(answer.code()).isEqualTo(304);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.header(HttpHeaderNames.ETAG)).isEqualTo(etag);
    }

    @Test
    void ifNoneMatchAcceptsAListWeakTagsAndStar() {
        String etag = send(GET, "/hello.txt").header(HttpHeaderNames.ETAG);

        assertThat(send(GET, "/hello.txt", "If-None-Match", "\"other\", " + etag).code()).isEqualTo(304);
        assertThat(send(GET, "/hello.txt", "If-None-Match", "W/" + etag).code()).isEqualTo(304);
        assertThat(send(GET, "/hello.txt", "If-None-Match", "*").code()).isEqualTo(304);
    }

    @Test
    void ifNoneMatchWithAnotherEtagGetsTheFile() {
        RequestPipeline.Answer answer = send(GET, "/hello.txt", "If-None-Match", "\"0-0\"");

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("hello, world\n");
    }

    @Test
    void ifModifiedSinceAtOrAfterTheModificationGets304() {
        String lastModified = DateFormatter.format(Date.from(MODIFIED));
        String later = DateFormatter.format(Date.from(MODIFIED.plusSeconds(3600)));

        assertThat(send(GET, "/hello.txt", "If-Modified-Since", lastModified).code()).isEqualTo(304);
        assertThat(send(GET, "/hello.txt", "If-Modified-Since", later).code()).isEqualTo(304);
    }

    @Test
    void ifModifiedSinceBeforeTheModificationOrUnparseableGetsTheFile() {
        String earlier = DateFormatter.format(Date.from(MODIFIED.minusSeconds(1)));

        assertThat(send(GET, "/hello.txt", "If-Modified-Since", earlier).code()).isEqualTo(200);
        assertThat(send(GET, "/hello.txt", "If-Modified-Since", "yesterday").code()).isEqualTo(200);
    }

    @Test
    void ifNoneMatchWinsOverIfModifiedSince() {
        // RFC 9110 §13.1.3: a recipient must ignore If-Modified-Since when If-None-Match is present.
        String lastModified = DateFormatter.format(Date.from(MODIFIED));

        RequestPipeline.Answer answer = send(GET, "/hello.txt",
                "If-None-Match", "\"stale\"", "If-Modified-Since", lastModified);

        assertThat(answer.code()).isEqualTo(200);
    }

    @Test
    void fileLargerThanOneBufferIsStreamedInChunksAndArrivesIntact() throws IOException {
        byte[] content = new byte[3 * StaticFileHandler.WHOLE_FILE_LIMIT + 123];
        new Random(42).nextBytes(content);
        Files.write(root.resolve("big.bin"), content);

        RequestPipeline.Answer answer = send(GET, "/big.bin");

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.header(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(String.valueOf(content.length));
        assertThat(answer.nonEmptyBodyParts()).isGreaterThan(1);
        assertThat(answer.body()).isEqualTo(content);
    }

    @Test
    void headOfALargeFileHasItsLengthButNoBody() throws IOException {
        Files.write(root.resolve("big.bin"), new byte[StaticFileHandler.WHOLE_FILE_LIMIT + 1]);

        RequestPipeline.Answer answer = send(HEAD, "/big.bin");

        assertThat(answer.header(HttpHeaderNames.CONTENT_LENGTH))
                .isEqualTo(String.valueOf(StaticFileHandler.WHOLE_FILE_LIMIT + 1));
        assertThat(answer.body()).isEmpty();
    }
}
