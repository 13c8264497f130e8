package io.certgate.validation.constraints;

/**
 * The checks certgate makes on a path beyond the JDK's PKIX algorithm, in the order they run.
 * The first that fails decides the verdict.
 */
public enum Check {
    /** The trusted root has a critical extension certgate does not process (RFC 5280 §4.2). */
    ANCHOR_CRITICAL_EXTENSIONS,
    /** A version 3 trusted root that issues certificates must say cA TRUE (RFC 5280 §4.2.1.9, §6.2). */
    ANCHOR_IS_CA,
    /** A trusted root with a keyUsage extension must have keyCertSign (RFC 5280 §4.2.1.3). */
    ANCHOR_KEY_USAGE,
    /** The trusted root's pathLenConstraint limits the CA certificates below it (RFC 5280 §4.2.1.9). */
    ANCHOR_PATH_LENGTH,
    /** A certificate's subjectAltName or nameConstraints extension must decode. */
    NAMES_DECODABLE,
    /** Each subjectAltName is valid syntax for its form (RFC 5280 §4.2.1.6), checked before any constraint. */
    NAME_SYNTAX,
    /** Every name of a constrained form lies in a permitted subtree of each CA above it, trusted root included. */
    PERMITTED_SUBTREES,
    /** No name lies in an excluded subtree of a CA above it; a wildcard fails if any name it covers would. */
    EXCLUDED_SUBTREES,
    /** A name constraint certgate cannot evaluate against a name the certificate carries fails closed. */
    CONSTRAINTS_EVALUABLE;

    private final String label = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

    /** The check as logs spell it: {@code excluded-subtrees}. */
    public String label() {
        return label;
    }
}
