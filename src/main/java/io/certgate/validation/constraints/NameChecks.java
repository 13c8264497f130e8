package io.certgate.validation.constraints;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The names of one certificate against the name constraints of one CA above it (RFC 5280 §6.1.3 (b), (c)). */
final class NameChecks {

    /** Permitted subtrees listed in a detail at most; a CA may carry hundreds. */
    private static final int SHOWN_SUBTREES = 3;

    private NameChecks() {
    }

    static Optional<Violation> check(X509Certificate certificate, String who, List<Name> names, CaConstraints constraints,
                                     String caWho) {
        String ofCa = " of the name constraints of " + caWho;
        for (Name name : names) {
            List<Subtree> excluded = relevant(constraints.excluded(), name, constraints.critical());
            List<Subtree> permitted = relevant(constraints.permitted(), name, constraints.critical());
            if (excluded.isEmpty() && permitted.isEmpty()) {
                continue; // this form is not constrained by this CA
            }
            String shown = CertificateNames.described(name);
            // Syntax first: a malformed name must not be placed by a comparison that misreads it.
            Optional<String> syntax = NameSyntax.problem(name);
            if (syntax.isPresent()) {
                return Optional.of(new Violation(Check.NAME_SYNTAX, certificate, who + " has an invalid name under the"
                        + " name constraints of " + caWho + ": " + syntax.get()));
            }
            if (SubtreeMatch.lacksHost(name)) {
                return Optional.of(new Violation(Check.NAME_SYNTAX, certificate, who + " has " + shown
                        + ", which has no host for the URI name constraints of " + caWho + " (RFC 5280 §4.2.1.10)"));
            }
            Optional<String> incomparable = SubtreeMatch.incomparable(name);
            if (incomparable.isPresent()) {
                return Optional.of(new Violation(Check.CONSTRAINTS_EVALUABLE, certificate, "the name constraints of " + caWho
                        + " cannot be applied to " + shown + " of " + who + ": " + incomparable.get()));
            }
            for (Subtree subtree : excluded) {
                if (subtree.problem().isPresent()) {
                    return Optional.of(unevaluable(certificate, who, shown, subtree, "excluded", caWho));
                }
                if (SubtreeMatch.within(name, subtree.base(), true)) {
                    return Optional.of(new Violation(Check.EXCLUDED_SUBTREES, certificate, who + " has " + shown
                            + ", which falls in the excluded subtree " + subtree.shown() + ofCa));
                }
            }
            if (permitted.isEmpty()) {
                continue;
            }
            Subtree unevaluable = null;
            boolean inside = false;
            for (Subtree subtree : permitted) {
                if (subtree.problem().isPresent()) {
                    unevaluable = subtree;
                } else if (SubtreeMatch.within(name, subtree.base(), false)) {
                    inside = true;
                    break;
                }
            }
            if (!inside && unevaluable != null) {
                return Optional.of(unevaluable(certificate, who, shown, unevaluable, "permitted", caWho));
            }
            if (!inside) {
                return Optional.of(new Violation(Check.PERMITTED_SUBTREES, certificate, who + " has " + shown
                        + ", outside the permitted subtrees " + list(permitted) + ofCa));
            }
        }
        return Optional.empty();
    }

    /**
     * The subtrees of the name's form. In a non-critical extension a subtree certgate cannot
     * evaluate is dropped: a relying party may ignore what it does not understand there.
     */
    private static List<Subtree> relevant(List<Subtree> subtrees, Name name, boolean critical) {
        List<Subtree> relevant = new ArrayList<>();
        for (Subtree subtree : subtrees) {
            if (subtree.base().sameFormAs(name) && (critical || subtree.problem().isEmpty())) {
                relevant.add(subtree);
            }
        }
        return relevant;
    }

    private static Violation unevaluable(X509Certificate certificate, String who, String shown, Subtree subtree,
                                         String kind, String caWho) {
        return new Violation(Check.CONSTRAINTS_EVALUABLE, certificate, "the critical name constraints of " + caWho
                + " cannot be applied to " + shown + " of " + who + ": the " + kind + " subtree " + subtree.shown()
                + " cannot be evaluated (" + subtree.problem().orElseThrow() + ")");
    }

    private static String list(List<Subtree> subtrees) {
        String shown = subtrees.stream().limit(SHOWN_SUBTREES).map(Subtree::shown).collect(Collectors.joining(", "));
        return "(" + shown + (subtrees.size() > SHOWN_SUBTREES ? ", and " + (subtrees.size() - SHOWN_SUBTREES) + " more" : "")
                + ")";
    }
}
