package io.certgate.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.config.AccessLogFormat;
import io.certgate.config.W3cField;
import io.certgate.testing.LogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log file: header on open, lines appended by the writer thread, reopen after logrotate. */
class FileAccessLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    /** How long the writer thread may take to get a line to disk before the test gives up. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private FileAccessLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private static List<String> awaitLines(Path file, Predicate<List<String>> condition) {
        return LogFiles.awaitLines(file, condition, PATIENCE);
    }

    private static List<String> lines(Path file) {
        return LogFiles.lines(file);
    }

    private static Predicate<List<String>> hasLineContaining(String text) {
        return lines -> lines.stream().anyMatch(line -> line.contains(text));
    }

    private static AccessRecord request(String uriStem) {
        return Records.anonymousWithoutQuery(uriStem);
    }

    @Test
    void w3cHeaderIsWrittenWhenTheFileIsOpened() throws IOException {
        Path file = dir.resolve("logs/access.log");

        log = new FileAccessLog(file, AccessLogFormat.W3C, "1.2.3", CLOCK);

        assertThat(lines(file)).containsExactly(
                "#Software: certgate 1.2.3",
                "#Version: 1.0",
                "#Date: 2026-11-24 12:00:00",
                "#Fields: " + W3cField.line(W3cField.DEFAULTS));
    }

    @Test
    void recordsAreAppendedInOrderAfterTheHeader() throws Exception {
        Path file = dir.resolve("access.log");
        log = new FileAccessLog(file, AccessLogFormat.W3C, "1", CLOCK);

        log.record(request("/first"));
        log.record(request("/second"));

        List<String> lines = awaitLines(file, hasLineContaining("/second"));
        assertThat(lines).hasSize(6);
        assertThat(lines.get(4)).contains(" /first ");
        assertThat(lines.get(5)).contains(" /second ");
    }

    @Test
    void existingFileIsAppendedToNotTruncated() throws Exception {
        Path file = Files.writeString(dir.resolve("access.log"), "#Fields: earlier\nearlier line\n");

        log = new FileAccessLog(file, AccessLogFormat.W3C, "1", CLOCK);
        log.record(request("/later"));

        List<String> lines = awaitLines(file, hasLineContaining("/later"));
        assertThat(lines.subList(0, 2)).containsExactly("#Fields: earlier", "earlier line");
        assertThat(lines).contains("#Fields: " + W3cField.line(W3cField.DEFAULTS));
    }

    @Test
    void jsonLogHasNoHeaderAndOneObjectPerLine() throws Exception {
        Path file = dir.resolve("access.json");
        log = new FileAccessLog(file, AccessLogFormat.JSON, "1", CLOCK);

        log.record(request("/a"));
        log.record(Records.withUserAgent("line\r\nbreak"));

        List<String> lines = awaitLines(file, written -> written.size() == 2);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines.get(0)).get("cs-uri-stem").asText()).isEqualTo("/a");
        assertThat(json.readTree(lines.get(1)).get("cs(User-Agent)").asText()).isEqualTo("line\r\nbreak");
    }

    @Test
    void reopenAfterTheFileWasMovedAwayStartsANewFileWithAHeader() throws Exception {
        Path file = dir.resolve("access.log");
        Path rotated = dir.resolve("access.log.1");
        log = new FileAccessLog(file, AccessLogFormat.W3C, "1", CLOCK);
        log.record(request("/before-rotation"));
        awaitLines(file, hasLineContaining("/before-rotation"));

        Files.move(file, rotated);
        log.reopen();
        log.record(request("/after-rotation"));

        List<String> fresh = awaitLines(file, hasLineContaining("/after-rotation"));
        assertThat(fresh.get(0)).isEqualTo("#Software: certgate 1");
        assertThat(fresh).contains("#Fields: " + W3cField.line(W3cField.DEFAULTS));
        assertThat(fresh).noneMatch(line -> line.contains("/before-rotation"));
        assertThat(lines(rotated)).anyMatch(line -> line.contains("/before-rotation"))
                .noneMatch(line -> line.contains("/after-rotation"));
    }

    @Test
    void reopenWithoutTrafficStillRecreatesTheFile() throws Exception {
        Path file = dir.resolve("access.log");
        log = new FileAccessLog(file, AccessLogFormat.W3C, "1", CLOCK);

        Files.move(file, dir.resolve("access.log.1"));
        log.reopen();

        assertThat(awaitLines(file, lines -> lines.contains("#Fields: " + W3cField.line(W3cField.DEFAULTS)))).hasSize(4);
    }

    @Test
    void closeWritesEveryRecordedLine() throws IOException {
        Path file = dir.resolve("access.log");
        log = new FileAccessLog(file, AccessLogFormat.JSON, "1", CLOCK);

        for (int i = 0; i < 1000; i++) {
            log.record(request("/r" + i));
        }
        log.close();

        assertThat(lines(file)).hasSize(1000);
        assertThat(log.dropped()).isZero();
    }

    @Test
    void linesTheDiskRefusesAreCountedAsDropped() throws Exception {
        // /dev/full opens fine and fails every write with "No space left on device".
        AtomicInteger told = new AtomicInteger();
        FileAccessLog full = new FileAccessLog(Path.of("/dev/full"), AccessLogFormat.JSON, "test", CLOCK, told::incrementAndGet);
        for (int i = 0; i < 3; i++) {
            full.record(Records.withStatus("localhost", 200, 0));
        }
        full.close();

        assertThat(full.dropped()).isEqualTo(3);
        assertThat(told).hasValue(3);
    }

    @Test
    void fileThatCannotBeCreatedFailsAtStartup() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> new FileAccessLog(notADirectory.resolve("access.log"), AccessLogFormat.W3C, "1", CLOCK))
                .isInstanceOf(IOException.class);
    }
}
