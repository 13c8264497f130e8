package io.certgate.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the access log goes and in which format.
 *
 * @param fields the W3C fields in order ({@link W3cField#DEFAULTS} unless {@code accessLog.fields} says otherwise);
 *               the JSON format always writes all of them
 * @param origin where {@code accessLog.file} is written in the config, for errors about the file
 */
public record AccessLogConfig(Path file, AccessLogFormat format, List<W3cField> fields, Origin origin) {

    public AccessLogConfig {
        fields = List.copyOf(fields);
    }

    /** What is written where, without where the config says so: two configs that differ only in layout log alike. */
    public record Output(Path file, AccessLogFormat format, List<W3cField> fields) {
    }

    public Output output() {
        return new Output(file, format, fields);
    }
}
