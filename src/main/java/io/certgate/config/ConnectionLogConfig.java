package io.certgate.config;

import java.nio.file.Path;

/**
 * Where the connection log (one line per TLS connection, handshakes that failed included) goes.
 *
 * @param origin where {@code connectionLog.file} is written in the config, for errors about the file
 */
public record ConnectionLogConfig(Path file, ConnectionLogFormat format, Origin origin) {

    /** What is written where: a reload that keeps it keeps the open file. */
    public record Output(Path file, ConnectionLogFormat format) {
    }

    public Output output() {
        return new Output(file, format);
    }
}
