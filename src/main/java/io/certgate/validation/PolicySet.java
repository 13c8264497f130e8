package io.certgate.validation;

import java.security.cert.PolicyNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * The certificate policies a validated path is good for: the valid_policy of the leaves of
 * RFC 5280 §6.1's valid_policy_tree as the PKIX algorithm left it (after the intersection
 * with the initial policy set, §6.1.5 (g)). Either any policy (a leaf is anyPolicy), a set of
 * policy OIDs, or none at all (the tree is NULL: the path is valid only because nothing
 * demanded an explicit policy).
 *
 * @param any true when the path is valid for any policy ({@code oids} is then empty)
 * @param oids the policy OIDs, sorted
 */
public record PolicySet(boolean any, Set<String> oids) {

    /** RFC 5280 §4.2.1.4: the special policy that stands for every policy. */
    public static final String ANY_POLICY = "2.5.29.32.0";
    /** Valid for any policy. */
    public static final PolicySet ANY = new PolicySet(true, Set.of());
    /** Valid for no policy. */
    public static final PolicySet NONE = new PolicySet(false, Set.of());

    public PolicySet {
        oids = java.util.Collections.unmodifiableSet(new TreeSet<>(oids));
        if (any && !oids.isEmpty()) {
            throw new IllegalArgumentException("a set that is any policy lists no OIDs, got " + oids);
        }
    }

    /**
     * Reads the valid policy tree of {@code PKIXCertPathValidatorResult.getPolicyTree()} for a
     * path of {@code length} certificates (the anchor not counted): its nodes at depth
     * {@code length}, one per certificate below the anchor.
     */
    static PolicySet fromTree(PolicyNode root, int length) {
        if (root == null) {
            return NONE;
        }
        Set<String> leaves = new TreeSet<>();
        collect(root, length, leaves);
        if (leaves.contains(ANY_POLICY)) {
            return ANY;
        }
        return leaves.isEmpty() ? NONE : new PolicySet(false, leaves);
    }

    private static void collect(PolicyNode node, int depth, Set<String> into) {
        if (node.getDepth() == depth) {
            into.add(node.getValidPolicy());
            return;
        }
        for (Iterator<? extends PolicyNode> children = node.getChildren(); children.hasNext(); ) {
            collect(children.next(), depth, into);
        }
    }

    /** {@code any}, {@code none}, or the OIDs separated by ", ". */
    @Override
    public String toString() {
        return any ? "any" : oids.isEmpty() ? "none" : String.join(", ", oids);
    }
}
