package io.certgate.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A site's {@code hsts:} block: the {@code Strict-Transport-Security} header of RFC 6797 on
 * every HTTPS answer of the site (never on plain HTTP, which RFC 6797 §7.2 forbids).
 *
 * @param maxAge how long a browser goes straight to HTTPS (RFC 6797 §6.1.1 max-age); zero tells
 *               browsers to forget the site's HSTS (§6.1.1, "max-age=0")
 * @param includeSubDomains whether every subdomain is HTTPS-only too (§6.1.2); default false
 * @param preload whether to add {@code preload}, the token the browsers' preload lists look for
 *                (not part of RFC 6797; hstspreload.org requires max-age of a year and
 *                includeSubDomains); default false
 */
public record HstsConfig(Duration maxAge, boolean includeSubDomains, boolean preload) {

    /** The header's value: {@code max-age=15552000; includeSubDomains}. */
    public String headerValue() {
        return "max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : "")
                + (preload ? "; preload" : "");
    }

    /** The header value of a site that may have no HSTS. */
    public static Optional<String> headerValue(Optional<HstsConfig> hsts) {
        return hsts.map(HstsConfig::headerValue);
    }
}
