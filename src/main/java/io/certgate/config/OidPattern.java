package io.certgate.config;

import java.util.Optional;

/**
 * The {@code matchCriteria} of a {@code policy} or {@code eku} rule: an OID in dotted form in
 * which an arc may be {@code *}, matching any run of characters as elsewhere in IIS patterns
 * ({@code 2.16.840.1.101.3.2.1.3.*} matches {@code 2.16.840.1.101.3.2.1.3.13} and any OID
 * below it, not {@code 2.16.840.1.101.3.2.1.3} itself). A pattern that no OID could match
 * (a letter, an empty arc, a leading zero, which the dotted form never has) is refused at load
 * rather than left to silently never match.
 */
public final class OidPattern {

    /** ITU-T X.660 §7.6: the first arc is 0 (ITU-T), 1 (ISO) or 2 (joint). */
    private static final int LARGEST_FIRST_ARC = 2;

    private OidPattern() {
    }

    /** Why {@code pattern} is not an OID pattern, or empty when it is one. */
    public static Optional<String> problem(String pattern) {
        String[] arcs = pattern.split("\\.", -1);
        for (int i = 0; i < arcs.length; i++) {
            String arc = arcs[i];
            if (arc.equals("*")) {
                continue;
            }
            if (arc.isEmpty()) {
                return Optional.of("has an empty arc");
            }
            for (int j = 0; j < arc.length(); j++) {
                if (arc.charAt(j) < '0' || arc.charAt(j) > '9') {
                    return Optional.of("arc \"" + arc + "\" is neither a number nor *");
                }
            }
            if (arc.length() > 1 && arc.charAt(0) == '0') {
                return Optional.of("arc \"" + arc + "\" has a leading zero, which a dotted OID never has");
            }
            if (i == 0 && (arc.length() > 1 || arc.charAt(0) - '0' > LARGEST_FIRST_ARC)) {
                return Optional.of("an OID starts with 0, 1 or 2");
            }
        }
        if (arcs.length == 1 && !pattern.equals("*")) {
            return Optional.of("has one arc; an OID has at least two");
        }
        return Optional.empty();
    }
}
