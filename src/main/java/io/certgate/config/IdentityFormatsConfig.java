package io.certgate.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a location describes the client's certificate to its backend: {@code identityHeaders.formats}
 * and {@code identityHeaders.chain}, at the top level, a site or a location. Each key a location
 * sets overrides its site's, a site's the top level's; without any, {@link #DEFAULTS}.
 *
 * @param formats the formats sent, each once (empty: no certificate headers at all)
 * @param chain whether the {@code certgate} format adds {@code X-Client-Cert-Chain}; the other
 *              formats carry the chain by their own definition
 */
public record IdentityFormatsConfig(Set<IdentityHeaderFormat> formats, boolean chain) {

    /** certgate's own headers, without the chain: what certgate sent before formats existed. */
    public static final IdentityFormatsConfig DEFAULTS =
            new IdentityFormatsConfig(EnumSet.of(IdentityHeaderFormat.CERTGATE), false);

    public IdentityFormatsConfig {
        formats = Collections.unmodifiableSet(formats.isEmpty() ? EnumSet.noneOf(IdentityHeaderFormat.class)
                : EnumSet.copyOf(formats));
    }

    public boolean sends(IdentityHeaderFormat format) {
        return formats.contains(format);
    }

    /** True when {@code X-Client-Cert-Chain} is sent: the {@code certgate} format with {@code chain: true}. */
    public boolean sendsCertgateChain() {
        return chain && formats.contains(IdentityHeaderFormat.CERTGATE);
    }

    /** What either of two settings sends (what a site's connections must be ready to describe). */
    public IdentityFormatsConfig union(IdentityFormatsConfig other) {
        EnumSet<IdentityHeaderFormat> both = EnumSet.noneOf(IdentityHeaderFormat.class);
        both.addAll(formats);
        both.addAll(other.formats);
        return new IdentityFormatsConfig(both, sendsCertgateChain() || other.sendsCertgateChain());
    }
}
