package io.certgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory laid out as the kubelet projects a Secret or ConfigMap volume, and updated as it
 * updates one (Kubernetes' {@code AtomicWriter}): the files live in a timestamped directory
 * {@code ..2026_12_02_03_00_00.1}, {@code ..data} is a symlink to it, and each visible file is a
 * symlink {@code tls.crt -> ..data/tls.crt}. An update writes a new timestamped directory, points
 * {@code ..data_tmp} at it, renames {@code ..data_tmp} onto {@code ..data} (one atomic step, so a
 * reader sees the old files or the new ones, never a mix) and removes the old directory.
 */
public final class KubeletVolume {

    private final Path dir;
    private int generation;
    private Path current;

    private KubeletVolume(Path dir) {
        this.dir = dir;
    }

    /** Projects the files (name to content) into {@code dir}, creating it. */
    public static KubeletVolume project(Path dir, Map<String, byte[]> files) {
        KubeletVolume volume = new KubeletVolume(dir);
        volume.update(files);
        return volume;
    }

    /** Replaces every file at once, by the kubelet's symlink swap. */
    public void update(Map<String, byte[]> files) {
        try {
            Files.createDirectories(dir);
            generation++;
            // The kubelet names these ..YYYY_MM_DD_HH_MM_SS.NNNNNNNNN; a counter keeps it free of the clock.
            Path next = dir.resolve("..2026_12_02_03_00_00." + generation);
            Files.createDirectory(next);
            for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
                Files.write(next.resolve(file.getKey()), file.getValue());
            }
            Path tmp = dir.resolve("..data_tmp");
            Files.createSymbolicLink(tmp, next.getFileName());
            Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            for (String name : files.keySet()) {
                Path visible = dir.resolve(name);
                if (!Files.isSymbolicLink(visible)) {
                    Files.createSymbolicLink(visible, Path.of("..data", name));
                }
            }
            if (current != null) {
                try (var old = Files.list(current)) {
                    for (Path file : old.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(current);
            }
            current = next;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a file's bytes, for building the map {@link #project} takes. */
    public static byte[] bytesOf(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
