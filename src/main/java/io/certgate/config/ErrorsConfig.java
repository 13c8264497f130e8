package io.certgate.config;

import java.util.Map;
import java.util.Optional;

/**
 * The top-level {@code errors:} block.
 *
 * @param detail how much an error page says (default {@link ErrorDetail#DETAILED})
 * @param pages the administrator's own HTML pages ({@code errors.pages: DIR}), empty when none
 */
public record ErrorsConfig(ErrorDetail detail, Optional<ErrorPagesConfig> pages) {

    /** No {@code errors:} block: detailed pages, certgate's own. */
    public static final ErrorsConfig DEFAULTS = new ErrorsConfig(ErrorDetail.DETAILED, Optional.empty());

    /** The template for one answer, if the administrator supplied one: see {@link ErrorPagesConfig#find}. */
    public Optional<String> template(int status, int substatus) {
        return pages.flatMap(p -> p.find(status, substatus));
    }

    /** For tests and callers that build a model by hand. */
    public static ErrorsConfig of(ErrorDetail detail) {
        return new ErrorsConfig(detail, Optional.empty());
    }

    /** For tests and callers that build a model by hand. */
    public static ErrorsConfig of(ErrorDetail detail, Map<String, String> templates) {
        return new ErrorsConfig(detail, Optional.of(new ErrorPagesConfig(java.nio.file.Path.of("."), templates)));
    }
}
