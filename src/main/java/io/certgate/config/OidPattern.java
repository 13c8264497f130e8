package io.certgate.config;

import java.util.Optional;

/**
 * The {@code matchCriteria} of a {@code policy} or {@code eku} rule: an OID in dotted form in
 * which {@code *} may stand for any run of characters, as elsewhere in IIS patterns
 * ({@code 2.16.840.1.101.3.2.1.3.*} matches {@code 2.16.840.1.101.3.2.1.3.13} and any OID
 * below it, not {@code 2.16.840.1.101.3.2.1.3} itself; {@code 2.16.840.1.101.3.2.1.3.1*}
 * matches arcs 1, 13, 17 and those below them). A pattern that no OID could match
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
            if (arc.isEmpty()) {
                return Optional.of("has an empty arc");
            }
            boolean wild = false;
            for (int j = 0; j < arc.length(); j++) {
                char c = arc.charAt(j);
                if (c == '*') {
                    wild = true;
                } else if (c < '0' || c > '9') {
                    return Optional.of("arc \"" + arc + "\" is not a number (digits, and * for any run of characters)");
                }
            }
            if (wild) {
                continue;
            }
            if (arc.length() > 1 && arc.charAt(0) == '0') {
                return Optional.of("arc \"" + arc + "\" has a leading zero, which a dotted OID never has");
            }
            if (i == 0 && (arc.length() > 1 || arc.charAt(0) - '0' > LARGEST_FIRST_ARC)) {
                return Optional.of("an OID starts with 0, 1 or 2");
            }
        }
        if (arcs.length == 1 && pattern.indexOf('*') < 0) {
            return Optional.of("has one arc; an OID has at least two");
        }
        return Optional.empty();
    }
}
