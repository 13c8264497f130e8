package io.certgate.tls.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files are read in nginx's two layouts, refused with a reason otherwise, and written owner-only. */
class TicketKeyFileTest {

    @TempDir
    Path dir;

    /** Bytes 0, 1, 2, ...: each part of the layout is recognisable by its first byte. */
    private static byte[] counting(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void an80ByteFileIsNameThenHmacSecretThenAesKeyAsNginxReadsIt() throws Exception {
        Path file = Files.write(dir.resolve("current.key"), counting(80));

        TicketKey key = ((TicketKeyFile.Loaded) TicketKeyFile.read(file)).key();

        assertThat(hex(key.name())).isEqualTo(hex(counting(80)).substring(0, 32)); // bytes 0..15
        // nginx: hmac_key = buf + 16 (32 bytes), aes_key = buf + 48 (32 bytes); BoringSSL takes 16 of each.
        assertThat(key.hmacKey()[0]).isEqualTo((byte) 16);
        assertThat(key.hmacKey()[15]).isEqualTo((byte) 31);
        assertThat(key.aesKey()[0]).isEqualTo((byte) 48);
        assertThat(key.aesKey()[15]).isEqualTo((byte) 63);
        assertThat(key.nameHex()).isEqualTo("000102030405060708090a0b0c0d0e0f");
    }

    @Test
    void a48ByteFileHasTheAesKeyBeforeTheHmacSecretAsNginxsOlderFormat() throws Exception {
        Path file = Files.write(dir.resolve("old.key"), counting(48));

        TicketKey key = ((TicketKeyFile.Loaded) TicketKeyFile.read(file)).key();

        // nginx: aes_key = buf + 16, hmac_key = buf + 32 (16 bytes each).
        assertThat(key.aesKey()[0]).isEqualTo((byte) 16);
        assertThat(key.hmacKey()[0]).isEqualTo((byte) 32);
    }

    @Test
    void aFileOfAnotherSizeIsRefusedWithItsSizeAndTheFix() throws Exception {
        Path file = Files.write(dir.resolve("short.key"), counting(79));

        TicketKeyFile.Read read = TicketKeyFile.read(file);

        assertThat(read).isInstanceOfSatisfying(TicketKeyFile.Refused.class, refused -> {
            assertThat(refused.problem()).isEqualTo(TicketKeyFile.Problem.WRONG_SIZE);
            assertThat(refused.detail()).contains("short.key is 79 bytes").contains("80 bytes")
                    .contains("certgate pki ticket-key --out FILE");
        });
        assertThat(((TicketKeyFile.Refused) TicketKeyFile.read(Files.write(dir.resolve("pem.key"),
                "-----BEGIN SESSION TICKET KEY-----\n".repeat(10).getBytes()))).problem())
                .isEqualTo(TicketKeyFile.Problem.WRONG_SIZE);
    }

    @Test
    void aMissingFileOrADirectoryIsRefusedWithItsOwnReason() throws Exception {
        assertThat(((TicketKeyFile.Refused) TicketKeyFile.read(dir.resolve("nothing.key"))).problem())
                .isEqualTo(TicketKeyFile.Problem.MISSING);
        assertThat(((TicketKeyFile.Refused) TicketKeyFile.read(Files.createDirectory(dir.resolve("keys")))).problem())
                .isEqualTo(TicketKeyFile.Problem.UNREADABLE);
    }

    @Test
    void writtenKeysAre80RandomBytesOwnerOnlyAndReadBack() throws Exception {
        Path first = dir.resolve("keys/current.key");
        Path second = dir.resolve("keys/next.key");

        TicketKeyFile.write(first, false, new SecureRandom());
        TicketKeyFile.write(second, false, new SecureRandom());

        assertThat(Files.size(first)).isEqualTo(80);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first))).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(first)).isNotEqualTo(Files.readAllBytes(second));
        assertThat(TicketKeyFile.read(first)).isInstanceOf(TicketKeyFile.Loaded.class);
        assertThat(Files.list(first.getParent())).as("no temporary file left").hasSize(2);
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenAsked() throws Exception {
        Path file = dir.resolve("current.key");
        TicketKeyFile.write(file, false, new SecureRandom());
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> TicketKeyFile.write(file, false, new SecureRandom()))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("--force");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        TicketKeyFile.write(file, true, new SecureRandom());
        assertThat(Files.readAllBytes(file)).isNotEqualTo(before);
    }
}
