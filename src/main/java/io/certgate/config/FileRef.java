package io.certgate.config;

import java.nio.file.Path;

/** A file named by the configuration, already resolved against the config file's directory. */
public record FileRef(Path path, Origin origin) {
    @Override
    public String toString() {
        return path.toString();
    }
}
