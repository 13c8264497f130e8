package io.certgate.config;

import java.nio.file.Path;

/** Where the access log goes and in which format. */
public record AccessLogConfig(Path file, AccessLogFormat format) {
}
