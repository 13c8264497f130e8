package io.certgate.http;

import io.certgate.config.AccessRuleConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.config.IdentityFormatsConfig;
import io.certgate.config.ProxyConfig;
import io.certgate.validation.ClientCertificateJudge;
import java.nio.file.Path;

/**
 * A path prefix of a site, with its client-certificate mode, who may use it, and what serves it:
 * static files ({@code staticRoot}) or a backend ({@code proxy}), exactly one of them. Prefixes
 * match without regard to ASCII case, as IIS matches paths: with a case-insensitive backend,
 * {@code /ADMIN} must not slip past the rules of {@code /admin}.
 *
 * @param prefix {@code /} or a prefix without trailing slash; matches whole segments
 * @param staticRoot the real path of the directory files are served from, or null
 * @param proxy the backend, or null
 * @param access who may pass
 * @param judge the verdict on a certificate here, where the location asks more of it than its
 *              site (certificate policies): a request needs the site's verdict and this one to be
 *              valid. Null where the site's verdict is the whole answer
 * @param identityFormats how a proxied request describes the client's certificate to the backend
 */
public record Location(String prefix, ClientCertMode mode, Path staticRoot, ProxyConfig proxy, AccessRuleConfig access,
                       ClientCertificateJudge judge, IdentityFormatsConfig identityFormats) {

    /** A location with the default identity header format. */
    public Location(String prefix, ClientCertMode mode, Path staticRoot, ProxyConfig proxy, AccessRuleConfig access,
                    ClientCertificateJudge judge) {
        this(prefix, mode, staticRoot, proxy, access, judge, IdentityFormatsConfig.DEFAULTS);
    }

    /** A location whose site's verdict is the whole answer on a certificate. */
    public Location(String prefix, ClientCertMode mode, Path staticRoot, ProxyConfig proxy, AccessRuleConfig access) {
        this(prefix, mode, staticRoot, proxy, access, null);
    }

    /** A static-file location without access rules. */
    public Location(String prefix, ClientCertMode mode, Path staticRoot) {
        this(prefix, mode, staticRoot, null, AccessRuleConfig.NONE);
    }

    /** True when the normalized request path lies under this location. */
    public boolean matches(String path) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.regionMatches(true, 0, prefix, 0, prefix.length())
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
