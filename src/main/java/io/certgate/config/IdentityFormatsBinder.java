package io.certgate.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Binds {@code identityHeaders.formats} and {@code identityHeaders.chain} of one level (the top
 * level, a site, a location); each key not set falls back to the level above.
 */
final class IdentityFormatsBinder {

    /** The keys only the top-level identityHeaders takes: they apply to every request of every site. */
    private static final List<String> TOP_LEVEL_ONLY = topLevelOnly();

    private IdentityFormatsBinder() {
    }

    private static List<String> topLevelOnly() {
        List<String> keys = new java.util.ArrayList<>(IdentityHeaderNames.KEYS);
        keys.add("strip");
        return List.copyOf(keys);
    }

    /** Reads {@code formats} and {@code chain} of an identityHeaders map; the caller finishes it. */
    static IdentityFormatsConfig bind(Section s, IdentityFormatsConfig inherited) {
        Set<IdentityHeaderFormat> formats = inherited.formats();
        if (s.isNull("formats")) {
            s.error("formats", "expected a list such as [certgate, rfc9440, xfcc], or [] to send no certificate headers");
        } else if (s.has("formats")) {
            formats = formats(s);
        }
        boolean chain = s.bool("chain", inherited.chain());
        return new IdentityFormatsConfig(formats, chain);
    }

    /**
     * The {@code identityHeaders} of a site or a location: only formats and chain. Header names and
     * {@code strip} are refused here with a pointer to the top level, rather than left unknown.
     */
    static IdentityFormatsConfig nested(Section parent, IdentityFormatsConfig inherited) {
        Optional<Section> maybe = parent.section("identityHeaders");
        if (maybe.isEmpty()) {
            return inherited;
        }
        Section s = maybe.get();
        for (String key : TOP_LEVEL_ONLY) {
            if (s.has(key)) {
                s.error(key, "is set in the top-level identityHeaders only (header names and strip apply to every"
                        + " request); a site or location sets formats and chain");
            }
        }
        IdentityFormatsConfig bound = bind(s, inherited);
        s.finish();
        return bound;
    }

    private static Set<IdentityHeaderFormat> formats(Section s) {
        EnumSet<IdentityHeaderFormat> formats = EnumSet.noneOf(IdentityHeaderFormat.class);
        for (Section.Item item : s.items("formats")) {
            String name = item.text().trim().toLowerCase(Locale.ROOT);
            Optional<IdentityHeaderFormat> format = byName(name);
            if (format.isEmpty()) {
                s.report(item.origin().error("unknown format \"" + item.text() + "\"" + hint(name)
                        + " (formats: " + Section.choices(IdentityHeaderFormat.class) + ")"));
            } else if (!formats.add(format.get())) {
                s.report(item.origin().error("\"" + item.text() + "\" is listed twice"));
            }
        }
        return formats;
    }

    private static Optional<IdentityHeaderFormat> byName(String name) {
        for (IdentityHeaderFormat format : IdentityHeaderFormat.values()) {
            if (Section.yamlName(format).equals(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The names people reach for first: the header a format sends, or the product it comes from. */
    private static String hint(String name) {
        String compact = name.replaceAll("[^a-z0-9]", "");
        String meant = switch (compact) {
            case "rfc9440", "clientcert", "clientcertchain" -> "rfc9440";
            case "xforwardedclientcert", "envoy", "istio" -> "xfcc";
            case "xclientcert", "default" -> "certgate";
            default -> null;
        };
        return meant == null ? "" : "; did you mean \"" + meant + "\"?";
    }
}
