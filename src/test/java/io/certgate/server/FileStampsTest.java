package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reload watch notices without reading a file. */
class FileStampsTest {

    @TempDir
    Path dir;

    @Test
    void anEditShowsEvenWithTheSameSizeAndTime() throws Exception {
        Path file = Files.writeString(dir.resolve("crl.pem"), "one");
        FileTime time = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, time);
        String before = FileStamps.of(file);
        Files.writeString(dir.resolve("next.pem"), "two");
        Files.setLastModifiedTime(dir.resolve("next.pem"), time);
        Files.move(dir.resolve("next.pem"), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(FileStamps.of(file)).as("a file renamed over it is another inode").isNotEqualTo(before);

        String renamed = FileStamps.of(file);
        Files.writeString(file, "three, longer");
        assertThat(FileStamps.of(file)).isNotEqualTo(renamed);
    }

    @Test
    void nothingChangedIsTheSameStamp() throws Exception {
        Path file = Files.writeString(dir.resolve("root.pem"), "root");
        assertThat(FileStamps.of(file)).isEqualTo(FileStamps.of(file));
    }

    @Test
    void aDirectoryChangesWhenAFileInItDoesOrIsAdded() throws Exception {
        Path roots = Files.createDirectory(dir.resolve("roots"));
        Files.writeString(roots.resolve("a.pem"), "a");
        String before = FileStamps.of(roots);
        Files.writeString(roots.resolve("b.pem"), "b");
        String added = FileStamps.of(roots);
        assertThat(added).isNotEqualTo(before);
        Files.writeString(roots.resolve("a.pem"), "a, renewed");
        assertThat(FileStamps.of(roots)).isNotEqualTo(added);
    }

    @Test
    void aMissingFileHasAStampOfItsOwn() throws Exception {
        Path file = dir.resolve("later.pem");
        String missing = FileStamps.of(file);
        Files.writeString(file, "now");
        assertThat(FileStamps.of(file)).isNotEqualTo(missing);
    }
}
