package io.certgate.http;

import static io.certgate.http.RequestPipeline.request;
import static io.certgate.http.RequestPipeline.site;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.certgate.config.ClientCertMode;
import io.certgate.config.ErrorDetail;
import io.certgate.validation.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is found under a root is trusted for the validity window (1 s, nginx's open_file_cache_valid)
 * and looked at again after it, so an edit is served once the window has passed; a missing file is
 * not remembered. The window runs on a clock the test moves.
 */
class FileCacheTest {

    private static final Instant MODIFIED = Instant.parse("2026-02-01T08:30:00Z");

    @TempDir
    Path temp;
    private Path file;
    private Site site;
    private final AtomicLong nanos = new AtomicLong();
    private final FileCache cache = new FileCache(FileCache.DEFAULT_MAX_BYTES, FileCache.DEFAULT_RESOLUTION_VALIDITY,
            StaticFileHandler.WHOLE_FILE_LIMIT, nanos::get);

    @BeforeEach
    void siteWithOneFile() throws IOException {
        Path root = temp.toRealPath();
        file = Files.writeString(root.resolve("note.txt"), "version one\n");
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
        site = site("app", List.of("app.example.com"),
                chain -> CompletableFuture.completedFuture(Verdict.missing()), ErrorDetail.DETAILED,
                new Location("/", ClientCertMode.IGNORE, root));
    }

    /** A new connection each time, sharing the cache as all connections of a gateway do. */
    private RequestPipeline.Answer get() {
        try (RequestPipeline connection = RequestPipeline.https(List.of(site), site, "app.example.com",
                Verdict.missing(), cache)) {
            return connection.send(request(GET, "/note.txt", "app.example.com"));
        }
    }

    @Test
    void fileRewrittenWithTheSameSizeIsServedFresh() throws IOException {
        assertThat(get().text()).isEqualTo("version one\n");

        Files.writeString(file, "version two\n");
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED.plusSeconds(2)));
        windowPasses();

        RequestPipeline.Answer answer = get();
        assertThat(answer.text()).isEqualTo("version two\n");
        assertThat(answer.header(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("12");
    }

    @Test
    void fileRewrittenWithAnotherSizeIsServedFreshWithItsLength() throws IOException {
        assertThat(get().text()).isEqualTo("version one\n");

        Files.writeString(file, "version three, longer\n");
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
        windowPasses();

        RequestPipeline.Answer answer = get();
        assertThat(answer.text()).isEqualTo("version three, longer\n");
        assertThat(answer.header(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("22");
    }

    @Test
    void etagChangesWhenTheFileChanges() throws IOException {
        String before = get().header(HttpHeaderNames.ETAG);

        Files.writeString(file, "version 2!!\n");
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED.plusSeconds(60)));
        windowPasses();

        assertThat(get().header(HttpHeaderNames.ETAG)).isNotEqualTo(before);
    }

    @Test
    void withinTheWindowTheRememberedFileIsServedWholeWithItsOwnLength() throws IOException {
        assertThat(get().text()).isEqualTo("version one\n");

        Files.writeString(file, "version three, longer\n");
        nanos.addAndGet(FileCache.DEFAULT_RESOLUTION_VALIDITY.minus(Duration.ofMillis(1)).toNanos());

        RequestPipeline.Answer answer = get();
        assertThat(answer.text()).isEqualTo("version one\n");
        assertThat(answer.header(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("12");
    }

    @Test
    void aStreamedFileCutShortWithinTheWindowIsServedWithItsNewLength() throws IOException {
        Files.write(file, new byte[3 * StaticFileHandler.WHOLE_FILE_LIMIT]);
        windowPasses();
        assertThat(get().body()).hasSize(3 * StaticFileHandler.WHOLE_FILE_LIMIT);

        Files.write(file, new byte[2 * StaticFileHandler.WHOLE_FILE_LIMIT]);

        RequestPipeline.Answer answer = assertTimeoutPreemptively(Duration.ofSeconds(10), this::get);
        assertThat(answer.header(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(String.valueOf(2 * StaticFileHandler.WHOLE_FILE_LIMIT));
        assertThat(answer.body()).hasSize(2 * StaticFileHandler.WHOLE_FILE_LIMIT);
    }

    @Test
    void aRemovedFileIsNotFoundOnceTheWindowHasPassed() throws IOException {
        assertThat(get().status().code()).isEqualTo(200);

        Files.delete(file);
        windowPasses();

        assertThat(get().status().code()).isEqualTo(404);
    }

    @Test
    void aMissingFileIsNotRememberedSoOneCreatedLaterIsServedAtOnce() throws IOException {
        Files.delete(file);
        assertThat(get().status().code()).isEqualTo(404);

        Files.writeString(file, "created\n");

        assertThat(get().text()).isEqualTo("created\n");
    }

    @Test
    void eachReaderGetsItsOwnViewOfTheCachedBytes() throws IOException {
        long size = Files.size(file);
        var attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);

        ByteBuf first = cache.metadata(file, attributes).bytes().duplicate();
        first.skipBytes(first.readableBytes());
        ByteBuf second = cache.metadata(file, attributes).bytes().duplicate();

        assertThat(second.readableBytes()).isEqualTo((int) size);
        assertThat(first.isReadOnly()).isTrue();
        first.release();
        second.release();
    }

    private void windowPasses() {
        nanos.addAndGet(FileCache.DEFAULT_RESOLUTION_VALIDITY.toNanos());
    }
}
