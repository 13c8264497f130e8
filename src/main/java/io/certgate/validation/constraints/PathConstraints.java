package io.certgate.validation.constraints;

import io.certgate.x509.DistinguishedName;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks the JDK's PKIX validator does not make, run on a candidate path it accepted:
 * the trusted root's own constraints (RFC 5280 §6.2), the syntax of every subjectAltName
 * (§4.2.1.6), and every CA's name constraints (§4.2.1.10) over every name form certgate reads,
 * with names the JDK skips (a subjectAltName it cannot parse, the subject's emailAddress, a
 * wildcard that covers an excluded name).
 *
 * <p>How they combine: all of them must pass; the first failure, in {@link Check} order and
 * client certificate first within a check, is the answer. A certificate must satisfy the
 * constraints of every CA above it, each on its own (which is the intersection of permitted
 * subtrees and the union of excluded ones that §6.1 computes). A name form that is constrained
 * but absent passes; a constraint certgate cannot evaluate fails closed when it is critical
 * and the certificate carries a name of its form.
 */
public final class PathConstraints {

    private PathConstraints() {
    }

    /**
     * The first check {@code path} fails, or empty.
     *
     * @param path   client certificate first, then the intermediates; it may end with the
     *               anchor itself (a trusted self-signed client certificate, which is then
     *               trusted as configured and nothing here applies)
     * @param anchor the trusted root the path ends at
     */
    public static Optional<Violation> check(List<X509Certificate> path, X509Certificate anchor) {
        List<X509Certificate> issued = new ArrayList<>(path);
        if (issued.get(issued.size() - 1).equals(anchor)) {
            issued.remove(issued.size() - 1);
        }
        if (issued.isEmpty()) {
            return Optional.empty();
        }
        Optional<Violation> anchorProblem = AnchorRules.check(anchor, issued);
        if (anchorProblem.isPresent()) {
            return anchorProblem;
        }
        List<List<Name>> altNames = new ArrayList<>();
        for (X509Certificate certificate : issued) {
            List<Name> names;
            try {
                names = CertificateNames.altNames(certificate);
            } catch (IllegalArgumentException undecodable) {
                return Optional.of(new Violation(Check.NAMES_DECODABLE, certificate, who(certificate, issued)
                        + " has a subjectAltName extension that cannot be decoded: " + undecodable.getMessage()));
            }
            for (Name name : names) {
                Optional<String> problem = NameSyntax.problem(name);
                if (problem.isPresent()) {
                    return Optional.of(new Violation(Check.NAME_SYNTAX, certificate,
                            who(certificate, issued) + " has an invalid subjectAltName: " + problem.get()));
                }
            }
            altNames.add(names);
        }
        List<CaConstraints> sources = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 1; i <= issued.size(); i++) {
            X509Certificate ca = i < issued.size() ? issued.get(i) : anchor;
            Optional<CaConstraints> constraints;
            try {
                constraints = CaConstraints.of(ca);
            } catch (IllegalArgumentException undecodable) {
                return Optional.of(new Violation(Check.NAMES_DECODABLE, ca, who(ca, issued)
                        + " has a nameConstraints extension that cannot be decoded: " + undecodable.getMessage()));
            }
            if (constraints.isPresent()) {
                sources.add(constraints.get());
                positions.add(i);
            }
        }
        if (sources.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < issued.size(); i++) {
            X509Certificate certificate = issued.get(i);
            if (i > 0 && selfIssued(certificate)) {
                continue; // §6.1.3 (b), (c): a self-issued intermediate is exempt from name constraints
            }
            List<Name> names = new ArrayList<>(altNames.get(i));
            names.addAll(CertificateNames.subjectNames(certificate));
            for (int s = 0; s < sources.size(); s++) {
                if (positions.get(s) <= i) {
                    continue; // a CA's constraints apply to the certificates below it, not to itself
                }
                Optional<Violation> violation = NameChecks.check(certificate, who(certificate, issued), names,
                        sources.get(s), who(sources.get(s).ca(), issued));
                if (violation.isPresent()) {
                    return violation;
                }
            }
        }
        return Optional.empty();
    }

    /** A certificate as details name it: {@code certificate CN=alice}, {@code CA certificate ...}, {@code trusted root ...}. */
    static String who(X509Certificate certificate, List<X509Certificate> issued) {
        int index = issued.indexOf(certificate);
        String role = index == 0 ? "certificate " : index > 0 ? "CA certificate " : "trusted root ";
        return role + DistinguishedName.of(certificate.getSubjectX500Principal()).shortLabel();
    }

    /** RFC 5280 §6.1: issuer and subject are the same name (a CA's key rollover certificate, say). */
    static boolean selfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }
}
