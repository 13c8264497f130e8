package io.certgate.tls.tickets;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A session ticket key file as nginx's {@code ssl_session_ticket_key} reads it: 80 bytes of random
 * data (16 name, 32 HMAC secret, 32 AES key), or nginx's older 48-byte form (16 name, 16 AES key,
 * 16 HMAC secret: the AES key comes first there). Made with {@code openssl rand 80 > FILE} or
 * {@code certgate pki ticket-key --out FILE}.
 */
public final class TicketKeyFile {

    /** nginx's current size, which {@link #write} writes. */
    public static final int FILE_BYTES = 80;
    /** nginx's older size, still accepted by nginx and here. */
    public static final int SHORT_FILE_BYTES = 48;

    /** Why a file is not a ticket key. */
    public enum Problem {
        /** There is no file at the path. */
        MISSING,
        /** It exists but cannot be read (permissions, a directory, an I/O error). */
        UNREADABLE,
        /** It is not 80 (or 48) bytes long. */
        WRONG_SIZE
    }

    /** What reading a file gave: a key, or why not. */
    public sealed interface Read permits Loaded, Refused {
    }

    /** The file holds a key. */
    public record Loaded(TicketKey key) implements Read {
    }

    /** The file cannot be used; {@code detail} is a sentence naming the file and the fix. */
    public record Refused(Problem problem, String detail) implements Read {
    }

    private TicketKeyFile() {
    }

    /** Reads a key file; never throws for a bad file. */
    public static Read read(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return new Refused(Problem.UNREADABLE, file + " is a directory, expected an 80-byte ticket key file");
            }
            // Bounded read: a huge file named by mistake is refused without loading it.
            long size = Files.size(file);
            if (size != FILE_BYTES && size != SHORT_FILE_BYTES) {
                return wrongSize(file, size);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Refused(Problem.MISSING, "no such file: " + file);
        } catch (AccessDeniedException e) {
            return new Refused(Problem.UNREADABLE, file + " cannot be read by this user");
        } catch (IOException e) {
            return new Refused(Problem.UNREADABLE, file + " cannot be read: " + e.getMessage());
        }
        try {
            return parse(bytes).<Read>map(Loaded::new).orElseGet(() -> wrongSize(file, bytes.length));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static Refused wrongSize(Path file, long size) {
        return new Refused(Problem.WRONG_SIZE, file + " is " + size + " bytes; a ticket key file is " + FILE_BYTES
                + " bytes (or " + SHORT_FILE_BYTES + "), as nginx's ssl_session_ticket_key takes: make one with"
                + " certgate pki ticket-key --out FILE");
    }

    /** The key in a file's bytes, laid out as nginx reads them (ngx_ssl_session_ticket_keys); empty for another size. */
    static java.util.Optional<TicketKey> parse(byte[] bytes) {
        int name = TicketKey.NAME_BYTES;
        int secret = TicketKey.SECRET_BYTES;
        if (bytes.length == FILE_BYTES) {
            // name[16] | HMAC secret[32] | AES key[32]: the first 16 bytes of each secret (see TicketKey).
            return java.util.Optional.of(new TicketKey(Arrays.copyOfRange(bytes, 0, name),
                    Arrays.copyOfRange(bytes, name, name + secret), Arrays.copyOfRange(bytes, 48, 48 + secret)));
        }
        if (bytes.length == SHORT_FILE_BYTES) {
            // name[16] | AES key[16] | HMAC secret[16].
            return java.util.Optional.of(new TicketKey(Arrays.copyOfRange(bytes, 0, name),
                    Arrays.copyOfRange(bytes, 32, 48), Arrays.copyOfRange(bytes, name, 32)));
        }
        return java.util.Optional.empty();
    }

    /**
     * Writes a new random 80-byte key file, owner-only (0600) from its first byte, and moves it onto
     * {@code file} in one rename, so that a process watching the file never reads half of it.
     *
     * @param replace overwrite an existing file; without it an existing file is an error
     * @throws FileAlreadyExistsException when the file exists and {@code replace} is false
     */
    public static void write(Path file, boolean replace, SecureRandom random) throws IOException {
        if (!replace && Files.exists(file)) {
            throw new FileAlreadyExistsException(file + " exists (the key it holds may be in use); --force replaces it");
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] key = new byte[FILE_BYTES];
        random.nextBytes(key);
        Path temporary = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temporary, key);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Arrays.fill(key, (byte) 0);
            Files.deleteIfExists(temporary);
        }
    }
}
