package io.certgate.upstream;

import io.netty.util.NetUtil;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a backend's certificate is for the name certgate asked for: RFC 6125 §6 as RFC 9110
 * §4.3.4 requires for https. A DNS name is compared with the subjectAltName dNSName entries, an
 * IP address with the iPAddress entries (RFC 6125 §6.2.1: an IP is never matched against a DNS
 * entry). The subject's CN is never used: RFC 6125 §6.4.4 allows it only when there is no SAN at
 * all, and RFC 9525 (its successor) drops it, as browsers did; a CN-only certificate fails.
 */
final class ServerNameCheck {

    /** subjectAltName GeneralName tags (RFC 5280 §4.2.1.6). */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private ServerNameCheck() {
    }

    /** True when {@code serverName} (a host name or an IP literal) is among the leaf's subjectAltNames. */
    static boolean matches(X509Certificate leaf, String serverName) {
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false; // an undecodable SAN names nobody
        }
        if (names == null) {
            return false;
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(serverName);
        for (List<?> name : names) {
            int tag = (Integer) name.get(0);
            if (ip != null && tag == IP_ADDRESS && ip(name.get(1)).map(a -> Arrays.equals(a, ip)).orElse(false)) {
                return true;
            }
            if (ip == null && tag == DNS_NAME && name.get(1) instanceof String dns && dnsMatches(dns, serverName)) {
                return true;
            }
        }
        return false;
    }

    private static java.util.Optional<byte[]> ip(Object value) {
        return value instanceof String text
                ? java.util.Optional.ofNullable(NetUtil.createByteArrayFromIpAddressString(text))
                : java.util.Optional.empty();
    }

    /**
     * RFC 6125 §6.4.1 and §6.4.3: case-insensitive ASCII comparison; a wildcard only as the whole
     * left-most label ({@code *.example.com}), standing for exactly one non-empty label, and not
     * over a public-suffix-like two-label name ({@code *.com}).
     */
    static boolean dnsMatches(String pattern, String host) {
        String p = trimDot(pattern).toLowerCase(Locale.ROOT);
        String h = trimDot(host).toLowerCase(Locale.ROOT);
        if (p.isEmpty() || h.isEmpty()) {
            return false;
        }
        if (!p.startsWith("*.")) {
            return p.indexOf('*') < 0 && p.equals(h);
        }
        String suffix = p.substring(1); // ".example.com"
        if (suffix.indexOf('*') >= 0 || suffix.chars().filter(c -> c == '.').count() < 2) {
            return false;
        }
        int firstDot = h.indexOf('.');
        return firstDot > 0 && h.substring(firstDot).equals(suffix);
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
