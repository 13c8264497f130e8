package io.certgate.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the PROXY protocol settings: a listener's {@code proxyProtocol: { versions, trustedFrom }}
 * and a backend's {@code sendProxyProtocol}.
 */
final class ProxyProtocolBinder {

    private ProxyProtocolBinder() {
    }

    /** A listener's {@code proxyProtocol}, or empty when absent (or wrong, with the errors reported). */
    static Optional<ProxyProtocolConfig> listener(Section listener) {
        if (!listener.has("proxyProtocol")) {
            return Optional.empty();
        }
        Optional<Section> section = listener.section("proxyProtocol");
        if (section.isEmpty()) {
            if (listener.isNull("proxyProtocol")) {
                listener.error("proxyProtocol", "needs trustedFrom, the load balancers' addresses, such as"
                        + " { trustedFrom: [10.0.0.0/8] }");
            }
            return Optional.empty();
        }
        Section s = section.get();
        Set<ProxyProtocolVersion> versions = versions(s);
        List<Cidr> trusted = new ArrayList<>();
        if (!s.has("trustedFrom") || s.strings("trustedFrom").isEmpty()) {
            // No default: trusting every source would let any client write its own address into the logs.
            s.error("trustedFrom", "required: the addresses of the load balancers allowed to send a PROXY header,"
                    + " such as [127.0.0.1/32, 10.0.0.0/8]");
        }
        for (Section.Item item : s.items("trustedFrom")) {
            Cidr.Parsed parsed = Cidr.parse(item.text());
            if (parsed.value().isPresent()) {
                trusted.add(parsed.value().get());
            } else {
                s.report(item.origin().error(parsed.problem()));
            }
        }
        s.finish();
        if (versions.isEmpty() || trusted.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProxyProtocolConfig(versions, trusted, s.origin()));
    }

    private static Set<ProxyProtocolVersion> versions(Section s) {
        if (!s.has("versions")) {
            return EnumSet.allOf(ProxyProtocolVersion.class); // HAProxy's accept-proxy and nginx's proxy_protocol take both
        }
        Set<ProxyProtocolVersion> versions = EnumSet.noneOf(ProxyProtocolVersion.class);
        for (Section.Item item : s.items("versions")) {
            Optional<ProxyProtocolVersion> version = byNumber(item.text());
            if (version.isEmpty()) {
                s.report(item.origin().error("expected 1 or 2 (the PROXY protocol versions), got \"" + item.text() + "\""));
            } else {
                versions.add(version.get());
            }
        }
        if (versions.isEmpty() && s.items("versions").isEmpty()) {
            s.error("versions", "needs at least one version, such as [1, 2]");
        }
        return versions;
    }

    /** A backend's {@code sendProxyProtocol}: only 2, the binary form HAProxy's send-proxy-v2 writes. */
    static Optional<ProxyProtocolVersion> send(Section proxy) {
        Optional<String> text = proxy.string("sendProxyProtocol");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!text.get().trim().equals("2")) {
            proxy.error("sendProxyProtocol", "only 2 is supported (PROXY protocol version 2, as HAProxy's"
                    + " send-proxy-v2 writes it), got \"" + text.get() + "\"");
            return Optional.empty();
        }
        return Optional.of(ProxyProtocolVersion.V2);
    }

    private static Optional<ProxyProtocolVersion> byNumber(String text) {
        return switch (text.trim()) {
            case "1" -> Optional.of(ProxyProtocolVersion.V1);
            case "2" -> Optional.of(ProxyProtocolVersion.V2);
            default -> Optional.empty();
        };
    }
}
