package io.certgate.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A path prefix of a site and what happens there. The longest matching prefix wins; a prefix
 * matches whole path segments ({@code /public} matches {@code /public} and {@code /public/a},
 * not {@code /publicity}).
 *
 * @param mode the client-certificate mode here (the site's mode when the location sets none)
 * @param root the directory static files are served from
 */
public record LocationConfig(String path, ClientCertMode mode, Optional<Path> root, Origin origin) {
}
