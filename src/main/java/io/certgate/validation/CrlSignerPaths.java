package io.certgate.validation;

import io.certgate.revocation.CrlSigner;
import io.certgate.revocation.CrlSigners;
import io.certgate.revocation.RevocationChecker;
import io.certgate.revocation.RevocationStatus;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAParams;
import java.security.interfaces.DSAPublicKey;
import java.security.spec.DSAPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The CRL signers of one validated path (RFC 5280 §6.3.3 (f)): the path's own certificates and
 * its trust anchor, believed as they are; and any other certificate the validator knows with the
 * CRL issuer's name (a separate CRL-signing key, a rolled-over CA key, the issuer of an indirect
 * CRL), believed only once it has its own path to the same anchor, valid at the time and not
 * revoked. That last check is recursive and bounded: a signer whose status depends on a CRL it
 * signs itself is looked up on that CRL, not vetted again.
 */
final class CrlSignerPaths implements CrlSigners {

    /** Signer paths vetted inside signer paths, at most: real PKIs need one, PKITS two. */
    static final int MAX_SIGNER_DEPTH = 4;

    private final Candidate path;
    private final Instant at;
    private final List<X509Certificate> known;
    private final RevocationChecker revocation;
    private final int depth;
    private final Set<X509Certificate> beingVetted;
    private final Map<X509Certificate, PublicKey> workingKeys;
    /** The verdict's budget: vetting a signer builds and validates paths too. */
    private final PathBudget budget;
    /**
     * Signers outside the path, each vetted at most once for this path: a CRL check asks for the
     * signers of every candidate CRL and every certificate of the path.
     */
    private final Map<X509Certificate, CrlSigner> others = new HashMap<>();

    /**
     * @param known every certificate the validator may use: presented, configured intermediates
     * @param beingVetted signers whose vetting is under way further up (shared, to stop cycles)
     * @param budget the work the verdict may still spend, shared with the main path's search
     */
    CrlSignerPaths(Candidate path, Instant at, List<X509Certificate> known, RevocationChecker revocation, int depth,
                   Set<X509Certificate> beingVetted, PathBudget budget) {
        this.path = path;
        this.at = at;
        this.known = known;
        this.revocation = revocation;
        this.depth = depth;
        this.beingVetted = beingVetted;
        this.budget = budget;
        this.workingKeys = workingKeys(path);
    }

    @Override
    public List<CrlSigner> named(X500Principal subject) {
        List<CrlSigner> signers = new ArrayList<>();
        List<X509Certificate> members = new ArrayList<>(path.path());
        members.add(path.root());
        // The issuer of the certificate being checked is tried first: it signs nearly every CRL.
        for (X509Certificate member : members) {
            if (member.getSubjectX500Principal().equals(subject)) {
                signers.add(CrlSigner.trusted(member, workingKeys.getOrDefault(member, member.getPublicKey())));
            }
        }
        for (X509Certificate other : known) {
            if (other.getSubjectX500Principal().equals(subject) && !members.contains(other)
                    && signers.stream().noneMatch(s -> s.certificate().equals(other))) {
                signers.add(others.computeIfAbsent(other, o -> CrlSigner.vettedBy(o, o.getPublicKey(), () -> vet(o))));
            }
        }
        return signers;
    }

    /** Empty when {@code signer} has a valid, unrevoked path to this path's anchor; otherwise why not. */
    private Optional<String> vet(X509Certificate signer) {
        String who = "CRL signer " + PathValidator.label(signer.getSubjectX500Principal());
        if (beingVetted.contains(signer)) {
            return Optional.empty(); // its own status is being decided further up, on a CRL it signed
        }
        if (depth >= MAX_SIGNER_DEPTH) {
            return Optional.of(who + " needs more nested CRL signer paths than the " + MAX_SIGNER_DEPTH + " followed");
        }
        List<X509Certificate> presented = new ArrayList<>();
        presented.add(signer);
        presented.addAll(known);
        TrustStore sameAnchor = TrustStore.of(List.of(path.root()), known);
        String failure = who + " has no path to the trust anchor "
                + PathValidator.label(path.root().getSubjectX500Principal());
        beingVetted.add(signer);
        try {
            for (Candidate candidate : new PathBuilder(sameAnchor, presented, budget).candidates()) {
                if (!candidate.root().equals(path.root())) {
                    continue;
                }
                if (!budget.takeSignatureChecks(candidate.path().size())) {
                    return Optional.of(who + " cannot be vetted: " + budget.tooComplexDetail());
                }
                try {
                    PathValidator.pkix(candidate, at, ValidationPolicy.CertificatePolicies.ANY);
                } catch (GeneralSecurityException | RuntimeException invalid) {
                    failure = who + " cannot be validated: " + invalid.getMessage();
                    continue;
                }
                Optional<String> revoked = revocationProblem(candidate);
                if (revoked.isEmpty()) {
                    return Optional.empty();
                }
                failure = revoked.get();
            }
            return Optional.of(failure);
        } finally {
            beingVetted.remove(signer);
        }
    }

    /** Checks the certificates of the signer's path that the main path does not share. */
    private Optional<String> revocationProblem(Candidate signerPath) {
        CrlSignerPaths nested = new CrlSignerPaths(signerPath, at, known, revocation, depth + 1, beingVetted, budget);
        List<X509Certificate> certificates = signerPath.path();
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate certificate = certificates.get(i);
            if (certificate.equals(signerPath.root()) || path.path().contains(certificate)) {
                break; // from here up the main path is checked on its own
            }
            if (i > 0 && !revocation.hasSourceFor(certificate)) {
                continue; // as RevocationScope.CHAIN treats a CA nobody publishes revocation for
            }
            X509Certificate issuer = i + 1 < certificates.size() ? certificates.get(i + 1) : signerPath.root();
            RevocationStatus status = revocation.check(certificate, issuer, at, nested);
            String who = "CRL signer path certificate " + PathValidator.label(certificate.getSubjectX500Principal());
            if (status.state() == RevocationStatus.State.REVOKED) {
                return Optional.of(who + " was " + status.detail() + ", according to " + status.source());
            }
            if (status.state() == RevocationStatus.State.UNKNOWN) {
                return Optional.of("the revocation status of " + who + " is unknown: " + status.detail());
            }
        }
        return Optional.empty();
    }

    /**
     * The key each certificate of a path verifies with: its own, except that a DSA key without
     * domain parameters takes its issuer's (RFC 3279 §2.3.2, parameter inheritance).
     */
    static Map<X509Certificate, PublicKey> workingKeys(Candidate path) {
        Map<X509Certificate, PublicKey> keys = new HashMap<>();
        PublicKey above = path.root().getPublicKey();
        keys.put(path.root(), above);
        for (int i = path.path().size() - 1; i >= 0; i--) {
            X509Certificate certificate = path.path().get(i);
            PublicKey key = certificate.getPublicKey();
            if (key instanceof DSAPublicKey dsa && dsa.getParams() == null && above instanceof DSAPublicKey parent
                    && parent.getParams() != null) {
                key = inherit(dsa.getY(), parent.getParams()).orElse(key);
            }
            keys.put(certificate, key);
            above = key;
        }
        return keys;
    }

    private static Optional<PublicKey> inherit(BigInteger y, DSAParams params) {
        try {
            return Optional.of(KeyFactory.getInstance("DSA")
                    .generatePublic(new DSAPublicKeySpec(y, params.getP(), params.getQ(), params.getG())));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
