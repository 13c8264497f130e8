package io.certgate.validation.constraints;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a trusted root must allow before certgate accepts a path from it. The JDK builds its
 * TrustAnchor from the root's name and key only and never reads the root's extensions; RFC
 * 5280 §6.2 lets an application apply them, and rustls/webpki and Go do. A root that says it
 * may not issue certificates, or only so deep, is taken at its word.
 */
final class AnchorRules {

    /**
     * The critical extensions certgate (or the JDK's PKIX, which processes them in the
     * certificates below) understands: keyUsage, subjectAltName, basicConstraints,
     * nameConstraints, certificatePolicies, policyMappings, policyConstraints,
     * extendedKeyUsage, inhibitAnyPolicy. The same set the JDK accepts in an intermediate.
     */
    static final Set<String> UNDERSTOOD_CRITICAL = Set.of("2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.30",
            "2.5.29.32", "2.5.29.33", "2.5.29.36", "2.5.29.37", "2.5.29.54");
    /** RFC 5280 §4.2.1.3 keyUsage bit 5. */
    private static final int KEY_CERT_SIGN = 5;
    /** X509Certificate.getBasicConstraints() for a CA without pathLenConstraint. */
    private static final int NO_PATH_LENGTH_LIMIT = Integer.MAX_VALUE;

    private AnchorRules() {
    }

    /** The first rule {@code anchor} breaks for the certificates it issued ({@code issued}: leaf first, its own child last). */
    static Optional<Violation> check(X509Certificate anchor, List<X509Certificate> issued) {
        String root = PathConstraints.who(anchor, issued);
        Set<String> critical = anchor.getCriticalExtensionOIDs();
        if (critical != null) {
            Set<String> unknown = new TreeSet<>(critical);
            unknown.removeAll(UNDERSTOOD_CRITICAL);
            if (!unknown.isEmpty()) {
                return Optional.of(new Violation(Check.ANCHOR_CRITICAL_EXTENSIONS, anchor, root
                        + " has a critical extension certgate does not understand (" + String.join(", ", unknown) + ")"));
            }
        }
        int pathLength = anchor.getBasicConstraints();
        // §6.1.4 (k): a version 1 or 2 CA can only be known as one "through out-of-band means";
        // being configured as a trusted root is that. A version 3 root must say so itself.
        if (pathLength < 0 && anchor.getVersion() >= 3) {
            return Optional.of(new Violation(Check.ANCHOR_IS_CA, anchor, root + " is not a CA (basicConstraints cA"
                    + " is false or absent), so it cannot issue " + PathConstraints.who(issued.get(issued.size() - 1), issued)));
        }
        boolean[] keyUsage = anchor.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN])) {
            return Optional.of(new Violation(Check.ANCHOR_KEY_USAGE, anchor,
                    root + " may not sign certificates (keyUsage lacks keyCertSign)"));
        }
        if (pathLength >= 0 && pathLength != NO_PATH_LENGTH_LIMIT) {
            // §6.1.4 (l), (m): self-issued CAs (key rollover) do not count towards the limit.
            int cas = 0;
            for (X509Certificate certificate : issued.subList(1, issued.size())) {
                if (!PathConstraints.selfIssued(certificate)) {
                    cas++;
                }
            }
            if (cas > pathLength) {
                return Optional.of(new Violation(Check.ANCHOR_PATH_LENGTH, anchor, "the path has " + cas
                        + " CA certificate" + (cas == 1 ? "" : "s") + " below " + root + ", more than its pathLenConstraint "
                        + pathLength + " allows"));
            }
        }
        return Optional.empty();
    }
}
