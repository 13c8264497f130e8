package io.certgate.config;

import java.nio.file.Path;

/**
 * Where a configuration value came from: the file, the line and the key's full path
 * (such as {@code sites[0].clientCertificates.mode}). Printed as {@code file:line: key}.
 */
public record Origin(Path file, int line, String key) {

    /** An error about this value, with the same origin. */
    public ConfigError error(String message) {
        return new ConfigError(this, message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + key;
    }
}
