package io.certgate.http;

import io.certgate.config.ClientCertMode;
import java.nio.file.Path;

/**
 * A path prefix of a site, with its client-certificate mode and what serves it. Prefixes match
 * without regard to ASCII case, as IIS matches paths: with a case-insensitive backend, {@code
 * /ADMIN} must not slip past the rules of {@code /admin}.
 *
 * @param prefix {@code /} or a prefix without trailing slash; matches whole segments
 * @param staticRoot the real path of the directory files are served from
 */
public record Location(String prefix, ClientCertMode mode, Path staticRoot) {

    /** True when the normalized request path lies under this location. */
    public boolean matches(String path) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.regionMatches(true, 0, prefix, 0, prefix.length())
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
