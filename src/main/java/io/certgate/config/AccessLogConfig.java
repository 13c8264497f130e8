package io.certgate.config;

import java.nio.file.Path;

/**
 * Where the access log goes and in which format.
 *
 * @param origin where {@code accessLog.file} is written in the config, for errors about the file
 */
public record AccessLogConfig(Path file, AccessLogFormat format, Origin origin) {

    /** What is written where, without where the config says so: two configs that differ only in layout log alike. */
    public record Output(Path file, AccessLogFormat format) {
    }

    public Output output() {
        return new Output(file, format);
    }
}
