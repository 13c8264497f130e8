package io.certgate.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Date;

/**
 * What certgate remembers of static files, shared by all connections (nginx's open_file_cache):
 *
 * <ul>
 *   <li>where a request path leads: the real path (symbolic links resolved, checked to lie in the
 *       root) for up to {@link #DEFAULT_RESOLUTION_VALIDITY}, since resolving costs a system call per
 *       path component. A link changed on disk is followed anew after at most that long.</li>
 *   <li>each file's response headers (ETag, Last-Modified, Content-Type) and, for small files,
 *       its bytes, checked against the file's size and modification time on every request, so an
 *       edited file is served fresh at once.</li>
 * </ul>
 */
public final class FileCache {

    /** Total bytes of file content kept; about 64 MB. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** How long a resolved path is trusted (nginx's open_file_cache_valid, kept short). */
    public static final Duration DEFAULT_RESOLUTION_VALIDITY = Duration.ofSeconds(1);
    /** Distinct paths and files remembered. */
    static final int MAX_ENTRIES = 10_000;

    /** A file as a response describes it; {@code bytes} is null for files too large to keep. */
    record Metadata(long size, long modifiedMillis, AsciiString etag, AsciiString lastModified, AsciiString contentType,
                    ByteBuf bytes) {
    }

    private record Resolved(Path real, long atNanos) {
    }

    private final Cache<String, Resolved> resolved;
    private final Cache<Path, Metadata> files;
    private final long validityNanos;
    private final int wholeFileLimit;

    public FileCache(long maxBytes) {
        this(maxBytes, DEFAULT_RESOLUTION_VALIDITY, StaticFileHandler.WHOLE_FILE_LIMIT);
    }

    FileCache(long maxBytes, Duration resolutionValidity, int wholeFileLimit) {
        // Maintenance (LRU bookkeeping, eviction) on the event loop that triggered it: handing it
        // to the common pool costs a thread wake-up every few reads, more than the work itself.
        this.resolved = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).executor(Runnable::run).build();
        this.files = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .weigher((Path p, Metadata m) -> 256 + (m.bytes() == null ? 0 : m.bytes().readableBytes()))
                .build();
        this.validityNanos = resolutionValidity.toNanos();
        this.wholeFileLimit = wholeFileLimit;
    }

    /**
     * The real path of {@code relative} under {@code root} (itself a real path), or null when it
     * lies outside the root (through a symbolic link).
     *
     * @throws java.nio.file.NoSuchFileException when nothing is there
     */
    Path realPath(Path root, String relative) throws IOException {
        String key = root + "\0" + relative;
        Resolved known = resolved.getIfPresent(key);
        long now = System.nanoTime();
        if (known != null && now - known.atNanos() < validityNanos) {
            return known.real();
        }
        Path real = root.resolve(relative).normalize().toRealPath();
        if (!real.startsWith(root)) {
            real = null;
        }
        resolved.put(key, new Resolved(real, now));
        return real;
    }

    /** The file's headers and, when small, its bytes; read again when its size or time changed. */
    Metadata metadata(Path real, BasicFileAttributes attributes) throws IOException {
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        Metadata known = files.getIfPresent(real);
        if (known != null && known.size() == size && known.modifiedMillis() == modified) {
            return known;
        }
        ByteBuf bytes = null;
        if (size <= wholeFileLimit) {
            byte[] content = Files.readAllBytes(real);
            // Unreleasable: the cache may drop the entry while a response still writes a duplicate of it.
            bytes = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(content).asReadOnly());
            size = content.length; // the file may have changed since it was looked at
        }
        Metadata metadata = new Metadata(size, modified,
                AsciiString.of("\"" + Long.toHexString(modified / 1000) + "-" + Long.toHexString(size) + "\""),
                AsciiString.of(DateFormatter.format(new Date(modified))),
                AsciiString.of(ContentTypes.of(real.getFileName().toString())), bytes);
        if (bytes == null || bytes.readableBytes() == attributes.size()) {
            files.put(real, metadata);
        }
        return metadata;
    }
}
