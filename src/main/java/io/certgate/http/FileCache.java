package io.certgate.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Date;
import java.util.function.LongSupplier;

/**
 * What certgate remembers of static files, shared by all connections (nginx's open_file_cache):
 *
 * <ul>
 *   <li>where a request path leads and what is there: the real path (symbolic links resolved,
 *       checked to lie in the root) and its attributes (kind, size, modification time), trusted for
 *       {@link #DEFAULT_RESOLUTION_VALIDITY}, as nginx's {@code open_file_cache_valid}: resolving
 *       costs a system call per path component, and even one {@code stat} per request is a
 *       twentieth of a keep-alive request's CPU. A file edited, removed or relinked on disk is
 *       seen after at most that long.</li>
 *   <li>each file's response headers (ETag, Last-Modified, Content-Type) and, for small files,
 *       its bytes, checked against those attributes, so an edit is served (with its new ETag)
 *       as soon as the attributes are looked at again.</li>
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

    /**
     * What a request path names: {@code real} is null when it leads out of the root (through a
     * symbolic link), and then {@code attributes} is null too.
     */
    record Found(Path real, BasicFileAttributes attributes) {
        static final Found OUTSIDE_ROOT = new Found(null, null);
    }

    private record Resolved(Found found, long atNanos) {
    }

    private final Cache<String, Resolved> resolved;
    private final Cache<Path, Metadata> files;
    private final long validityNanos;
    private final int wholeFileLimit;
    private final LongSupplier nanoTime;

    public FileCache(long maxBytes) {
        this(maxBytes, DEFAULT_RESOLUTION_VALIDITY, StaticFileHandler.WHOLE_FILE_LIMIT, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock the validity is measured on ({@link System#nanoTime}) */
    FileCache(long maxBytes, Duration resolutionValidity, int wholeFileLimit, LongSupplier nanoTime) {
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
        this.nanoTime = nanoTime;
    }

    /**
     * The real path of {@code relative} under {@code root} (itself a real path) and its attributes,
     * or {@link Found#OUTSIDE_ROOT} when it lies outside the root (through a symbolic link).
     *
     * @throws java.nio.file.NoSuchFileException when nothing is there (not remembered: a file
     *         created later is found at once)
     */
    Found find(Path root, String relative) throws IOException {
        String key = root + "\0" + relative;
        Resolved known = resolved.getIfPresent(key);
        long now = nanoTime.getAsLong();
        if (known != null && now - known.atNanos() < validityNanos) {
            return known.found();
        }
        Path real = root.resolve(relative).normalize().toRealPath();
        Found found = real.startsWith(root)
                ? new Found(real, Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS))
                : Found.OUTSIDE_ROOT;
        resolved.put(key, new Resolved(found, now));
        return found;
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
