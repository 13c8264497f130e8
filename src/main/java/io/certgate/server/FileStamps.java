package io.certgate.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a file looks like from outside, cheaply: modification time, size and file key (inode), so
 * that an edit, a copy over it or a rename onto it (how deployment tools swap secrets in place)
 * all show as a change without reading the contents. A directory (trustedRoots may name one) is
 * stamped by the stamps of the files in it; a missing file has a stamp too.
 */
final class FileStamps {

    private FileStamps() {
    }

    /** The stamps of the paths, in their order. */
    static Map<Path, String> of(Collection<Path> paths) {
        Map<Path, String> stamps = new LinkedHashMap<>();
        for (Path path : paths) {
            stamps.put(path, of(path));
        }
        return stamps;
    }

    static String of(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                return stamp(attributes);
            }
            // Certificate directories are read one level deep, so they are stamped one level deep.
            Map<String, String> entries = new TreeMap<>();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    BasicFileAttributes entry = Files.readAttributes(child, BasicFileAttributes.class);
                    entries.put(child.getFileName().toString(), entry.isDirectory() ? "dir" : stamp(entry));
                }
            }
            return "dir " + entries;
        } catch (IOException | RuntimeException e) {
            return "unreadable: " + e.getClass().getSimpleName();
        }
    }

    private static String stamp(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().toInstant() + " " + attributes.size() + " " + attributes.fileKey();
    }
}
