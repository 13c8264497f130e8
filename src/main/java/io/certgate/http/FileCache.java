package io.certgate.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the bytes of small static files in memory, keyed by path and checked against the
 * file's size and modification time on every use, so an edited file is served fresh at once
 * (nginx's open_file_cache with validity 0). Shared by all connections.
 */
public final class FileCache {

    /** Total bytes of file content kept; about 64 MB. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private record Entry(long size, long modifiedMillis, ByteBuf bytes) {
    }

    private final Cache<Path, Entry> entries;

    public FileCache(long maxBytes) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Path p, Entry e) -> (int) Math.min(Integer.MAX_VALUE, e.size + 64))
                .build();
    }

    /** The file's bytes as a read-only buffer the caller owns (a retained duplicate of the cached one). */
    ByteBuf read(Path file, long size, long modifiedMillis) throws IOException {
        Entry entry = entries.getIfPresent(file);
        if (entry == null || entry.size != size || entry.modifiedMillis != modifiedMillis) {
            byte[] bytes = Files.readAllBytes(file);
            // Unreleasable: the cache may drop the entry while a response still writes a duplicate of it.
            ByteBuf buffer = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes).asReadOnly());
            if (bytes.length != size) {
                return buffer.duplicate(); // changed while we looked: serve what was read, cache nothing
            }
            entry = new Entry(size, modifiedMillis, buffer);
            entries.put(file, entry);
        }
        return entry.bytes.duplicate();
    }
}
