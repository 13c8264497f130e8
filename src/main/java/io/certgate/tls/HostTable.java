package io.certgate.tls;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the site for a host name the way nginx's server_name does: an exact name first, then
 * the longest {@code *.domain} wildcard (any depth), then the default site ({@code *}, or the
 * first site when none says {@code *}).
 *
 * @param <T> the site type
 */
public final class HostTable<T> {

    private final Map<String, T> exact = new HashMap<>();
    private final Map<String, T> wildcardSuffixes = new HashMap<>();
    private final T fallback;

    /**
     * @param sites each site with its host patterns, in configuration order; at least one
     */
    public HostTable(List<Map.Entry<List<String>, T>> sites) {
        T star = null;
        for (Map.Entry<List<String>, T> site : sites) {
            for (String pattern : site.getKey()) {
                String p = pattern.toLowerCase(Locale.ROOT);
                if (p.equals("*")) {
                    star = site.getValue();
                } else if (p.startsWith("*.")) {
                    wildcardSuffixes.putIfAbsent(p.substring(1), site.getValue());
                } else {
                    exact.putIfAbsent(p, site.getValue());
                }
            }
        }
        this.fallback = star != null ? star : sites.get(0).getValue();
    }

    /** The site for a name (SNI, or a Host header without port); the default site when nothing matches. */
    public T lookup(String hostname) {
        return find(hostname).orElse(fallback);
    }

    /** The site that explicitly claims the name; empty when only the default site would take it. */
    public Optional<T> find(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            return Optional.empty();
        }
        String name = hasUpperCase(hostname) ? hostname.toLowerCase(Locale.ROOT) : hostname;
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        T site = exact.get(name);
        if (site != null || wildcardSuffixes.isEmpty()) {
            return Optional.ofNullable(site);
        }
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            site = wildcardSuffixes.get(name.substring(dot));
            if (site != null) {
                return Optional.of(site);
            }
        }
        return Optional.empty();
    }

    private static boolean hasUpperCase(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 0x7f) {
                return true;
            }
        }
        return false;
    }

    public T defaultSite() {
        return fallback;
    }
}
