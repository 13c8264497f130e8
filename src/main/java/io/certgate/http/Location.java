package io.certgate.http;

import io.certgate.config.ClientCertMode;
import java.nio.file.Path;

/**
 * A path prefix of a site, with its client-certificate mode and what serves it.
 *
 * @param prefix {@code /} or a prefix without trailing slash; matches whole segments
 * @param staticRoot the real path of the directory files are served from
 */
public record Location(String prefix, ClientCertMode mode, Path staticRoot) {

    /** True when the normalized request path lies under this location. */
    public boolean matches(String path) {
        return prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/';
    }
}
