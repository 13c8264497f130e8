package io.certgate.validation.constraints;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.x509.GeneralSubtree;

/**
 * One GeneralSubtree of a nameConstraints extension (RFC 5280 §4.2.1.10).
 *
 * @param base    the subtree's base name
 * @param problem why certgate cannot evaluate this subtree (an otherName it does not know, a
 *                minimum or maximum, an IP mask that is not a prefix), or empty when it can
 */
record Subtree(Name base, Optional<String> problem) {

    static Subtree of(GeneralSubtree subtree) {
        Name base = Name.of(subtree.getBase(), "nameConstraints");
        BigInteger minimum = subtree.getMinimum();
        if ((minimum != null && minimum.signum() != 0) || subtree.getMaximum() != null) {
            // §4.2.1.10: "minimum MUST be zero, and maximum MUST be absent"; no verifier gives them a meaning.
            return new Subtree(base, Optional.of("it has a minimum or maximum distance, which RFC 5280 forbids"));
        }
        return new Subtree(base, problemOf(base));
    }

    /** The subtree as details show it: {@code dNSName example.com}. */
    String shown() {
        return base.shown();
    }

    private static Optional<String> problemOf(Name base) {
        if (!base.form().comparable()) {
            return Optional.of("certgate cannot compare " + base.form().asn1Name() + " names");
        }
        String text = base.text();
        return switch (base.form()) {
            case IP -> ipProblem(base.octets());
            // An empty DNS constraint matches every name (NSS, Go); a leading dot means subdomains only (Go, OpenSSL).
            case DNS, URI -> text.isEmpty() ? Optional.empty() : domain(text);
            case EMAIL -> text.indexOf('@') >= 0 ? NameSyntax.mailbox(text) : domain(text);
            case UPN -> {
                String value = text.startsWith("@") ? text.substring(1) : text;
                int at = value.lastIndexOf('@');
                yield at > 0 ? NameSyntax.hostName(value.substring(at + 1)) : domain(value);
            }
            default -> Optional.empty();
        };
    }

    private static Optional<String> domain(String text) {
        return NameSyntax.hostName(text.startsWith(".") ? text.substring(1) : text)
                .map(problem -> "its base " + NameSyntax.quoted(text) + " is not a domain name: " + problem);
    }

    /** §4.2.1.10: an address followed by its mask, 8 octets for IPv4 and 32 for IPv6, the mask a CIDR prefix. */
    private static Optional<String> ipProblem(byte[] octets) {
        if (octets.length != 8 && octets.length != 32) {
            return Optional.of("its iPAddress is " + octets.length + " octets, not 8 (IPv4) or 32 (IPv6) address and mask");
        }
        boolean ended = false;
        for (int i = octets.length / 2; i < octets.length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean set = (octets[i] >> bit & 1) == 1;
                if (set && ended) {
                    return Optional.of("its mask is not a prefix (CIDR) mask");
                }
                ended |= !set;
            }
        }
        return Optional.empty();
    }
}
