package io.certgate.validation.constraints;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Whether a name lies in a subtree (RFC 5280 §4.2.1.10), per form. The caller has checked
 * that name and subtree are of one form, that the name is valid syntax and that the subtree
 * can be evaluated.
 *
 * <p>A wildcard dNSName {@code *.example.com} stands for every name one label below
 * example.com. For a permitted subtree every such name must be inside it; for an excluded
 * subtree it is enough that one of them could be: {@code *.example.com} is excluded by
 * {@code secret.example.com}.
 */
final class SubtreeMatch {

    private SubtreeMatch() {
    }

    /**
     * Why a syntactically valid name cannot be compared with subtrees of its form, or empty
     * when it can. Each answer means the verdict fails closed: a name certgate cannot place is
     * never let through. (A URI without a host is a syntax error under URI constraints: see
     * {@link #lacksHost}.)
     */
    static Optional<String> incomparable(Name name) {
        return switch (name.form()) {
            case URI -> {
                String host = UriHost.host(name.text()).orElseThrow();
                yield UriHost.isAddress(host) ? Optional.of("its host is an IP address, which URI constraints cannot name")
                        : NameSyntax.hostName(host).map(problem -> "its host is not a DNS name (" + problem + ")");
            }
            case UPN -> name.text().lastIndexOf('@') > 0 ? Optional.empty()
                    : Optional.of("it has no @ and so no suffix to compare");
            default -> name.form().comparable() ? Optional.empty()
                    : Optional.of("certgate cannot compare " + name.form().asn1Name() + " names");
        };
    }

    /** RFC 5280 §4.2.1.10: URI constraints apply to the host, so a URI without one cannot meet them. */
    static boolean lacksHost(Name name) {
        return name.form() == NameForm.URI && UriHost.host(name.text()).isEmpty();
    }

    /** True when {@code name} is in the subtree {@code base}; {@code excluding} picks the wildcard rule. */
    static boolean within(Name name, Name base, boolean excluding) {
        return switch (name.form()) {
            case DNS -> dns(name.lower(), base.lower(), excluding);
            case EMAIL -> email(name.text(), base.text());
            case URI -> hostIn(UriHost.host(name.text()).orElseThrow().toLowerCase(Locale.ROOT), base.lower());
            case IP -> ip(name.octets(), base.octets());
            case DIRECTORY -> directory(name.directory().getRDNs(), base.directory().getRDNs());
            case UPN -> upn(name.text(), base.text(), excluding);
            default -> false;
        };
    }

    /** dNSName: the name is the base or below it; a base with a leading dot admits only names below it. */
    static boolean dns(String name, String base, boolean excluding) {
        if (base.isEmpty()) {
            return true;
        }
        boolean belowOnly = base.startsWith(".");
        List<String> baseLabels = reversedLabels(belowOnly ? base.substring(1) : base);
        boolean wildcard = name.startsWith("*.");
        List<String> nameLabels = reversedLabels(wildcard ? name.substring(2) : name);
        if (!wildcard) {
            return isSuffix(baseLabels, nameLabels) && (!belowOnly || nameLabels.size() > baseLabels.size());
        }
        // *.B is X.B for any one label X. X.B is below every subtree at or above B, for both rules.
        if (isSuffix(baseLabels, nameLabels)) {
            return true;
        }
        // Only an excluded subtree can be met by one choice of X: the base L.B (X = L), not .L.B.
        return excluding && !belowOnly && baseLabels.size() == nameLabels.size() + 1
                && baseLabels.subList(0, nameLabels.size()).equals(nameLabels);
    }

    /**
     * rfc822Name, §4.2.1.10: a base with an @ is one mailbox; a base starting with a dot is
     * every mailbox on a host below that domain; any other base is every mailbox on that host.
     * The local part compares exactly, domains without regard to case.
     */
    static boolean email(String address, String base) {
        int at = address.lastIndexOf('@');
        String local = address.substring(0, at);
        String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        int baseAt = base.lastIndexOf('@');
        if (baseAt >= 0) {
            return local.equals(base.substring(0, baseAt)) && domain.equals(base.substring(baseAt + 1).toLowerCase(Locale.ROOT));
        }
        return hostIn(domain, base.toLowerCase(Locale.ROOT));
    }

    /** A host against a URI or email base: {@code .example.com} means any host below it, else exactly that host. */
    private static boolean hostIn(String host, String base) {
        if (base.isEmpty()) {
            return true;
        }
        if (base.startsWith(".")) {
            return host.endsWith(base) && host.length() > base.length();
        }
        return host.equals(base);
    }

    /** iPAddress: same family, and equal to the base address under the base's mask. */
    static boolean ip(byte[] address, byte[] base) {
        if (base.length != address.length * 2) {
            return false;
        }
        for (int i = 0; i < address.length; i++) {
            byte mask = base[address.length + i];
            if ((address[i] & mask) != (base[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * directoryName: the base's RDNs are the first RDNs of the name (§7.1), each compared
     * value by value after case folding and space folding (Bouncy Castle's IETF rules).
     */
    static boolean directory(RDN[] name, RDN[] base) {
        if (base.length > name.length) {
            return false;
        }
        for (int i = 0; i < base.length; i++) {
            if (!IETFUtils.rDNAreEqual(name[i], base[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * userPrincipalName, as Windows compares it: the part after the last {@code @} is a domain,
     * matched like a dNSName against the base ({@code @example.com}, {@code example.com} or
     * {@code .example.com}); a base with a user part ({@code admin@example.com}) is one UPN.
     */
    static boolean upn(String upn, String base, boolean excluding) {
        String value = base.startsWith("@") ? base.substring(1) : base;
        if (value.indexOf('@') >= 0) {
            return upn.equalsIgnoreCase(value);
        }
        String suffix = upn.substring(upn.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return dns(suffix, value.toLowerCase(Locale.ROOT), excluding);
    }

    private static List<String> reversedLabels(String name) {
        String[] labels = name.split("\\.");
        List<String> reversed = Arrays.asList(labels);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    /** True when {@code prefix} (reversed labels of the base) starts {@code labels} (reversed labels of the name). */
    private static boolean isSuffix(List<String> prefix, List<String> labels) {
        return prefix.size() <= labels.size() && labels.subList(0, prefix.size()).equals(prefix);
    }
}
