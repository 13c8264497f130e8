package io.certgate.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A path prefix of a site and what happens there. The longest matching prefix wins; a prefix
 * matches whole path segments ({@code /public} matches {@code /public} and {@code /public/a},
 * not {@code /publicity}). Exactly one of {@code root} and {@code proxy} is set.
 *
 * @param mode the client-certificate mode here (the site's mode when the location sets none)
 * @param root the directory static files are served from
 * @param proxy the backend requests are forwarded to
 * @param access who may pass; {@link AccessRuleConfig#NONE} when anyone the mode admits may
 * @param policies certificate policies required here in addition to the site's;
 *                 {@link CertificatePoliciesConfig#NONE} when the site's verdict suffices
 * @param identityFormats how a proxied request describes the client's certificate here (the
 *                        site's, or the top level's, for what the location does not set)
 */
public record LocationConfig(String path, ClientCertMode mode, Optional<Path> root, Optional<ProxyConfig> proxy,
                             AccessRuleConfig access, CertificatePoliciesConfig policies, Origin origin,
                             IdentityFormatsConfig identityFormats) {
}
