package io.certgate.validation;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.revocation.RevocationChecker;
import io.certgate.revocation.RevocationStatus;
import io.certgate.validation.constraints.Check;
import io.certgate.validation.constraints.PathConstraints;
import io.certgate.validation.profile.ProfileChecks;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.DistinguishedName;
import io.certgate.x509.IssuerKeys;
import io.certgate.x509.SignatureProvider;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The validation engine: presented chain in, {@link Verdict} out. Never throws.
 *
 * <p>Steps, in order: (0) refuse what the client sent when it is larger than {@code
 * maxChainBytes}, does not decode strictly, or holds an oversized key ({@link ChainIntake}); (1) build candidate paths from the client certificate to a configured
 * root by subject/issuer names, through intermediates the client sent or the server was given;
 * (2) check each candidate against the RFC 5280 profile rules the JDK skips ({@link ProfileChecks}), then
 * validate it with the JDK's PKIX validator (signatures, validity dates, basic
 * constraints and path length, key usage of CAs, name constraints, policies: RFC 5280 §6.1) at
 * the requested time, then with certgate's own checks where the JDK is lax (the trusted root's
 * constraints, subjectAltName syntax, name constraints over every name form: package {@code
 * constraints}), and keep the first that passes both; (3) check the path length against {@code
 * maxChainLength} and the client certificate's purpose; (4) check revocation of the path's
 * certificates. The first failure decides; when no candidate passes, the failure of the most
 * plausible candidate (the first, whose key identifiers match best) is reported. Building and
 * the PKIX runs share one {@link PathBudget}; a verdict that exhausts it before a candidate passes
 * is {@link Reason#CHAIN_TOO_COMPLEX}.
 */
public final class PathValidator {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PathValidator.class);

    /** A client that sends more certificates than this is not presenting a real chain; refuse early. */
    static final int MAX_PRESENTED_CERTIFICATES = 10;
    /** Candidate paths tried at most, so that crafted same-name CA sets cannot make building expensive. */
    static final int MAX_CANDIDATE_PATHS = 8;
    /** Deepest path the builder explores; deeper than any configurable maxChainLength. */
    static final int MAX_BUILD_DEPTH = 20;
    /** Verdicts on bad chains are reused briefly: long enough to absorb a retry storm, short enough to forget a fixed client. */
    static final java.time.Duration NEGATIVE_TTL = java.time.Duration.ofMinutes(1);
    /**
     * A verdict that met an unknown revocation status because a source failed (a CRL server or OCSP
     * responder down, a CRL past its nextUpdate) is decided again this soon, whichever way
     * onUnavailable decided it: a source that comes back is believed within seconds, and one that
     * now lists the certificate refuses it. The sources remember their own failures about as long,
     * so deciding again does not hammer a dead server. (Where no source exists at all, only a new
     * config can change the answer, and a reload decides every verdict again anyway.)
     */
    static final java.time.Duration UNKNOWN_RECHECK = java.time.Duration.ofSeconds(10);

    /** RFC 5280 §4.2.1.12 id-kp-clientAuth and anyExtendedKeyUsage. */
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    /** RFC 5280 §4.2.1.3 keyUsage bit 0: digitalSignature, needed to sign the TLS CertificateVerify. */
    private static final int DIGITAL_SIGNATURE = 0;

    private final TrustStore trust;
    private final ValidationPolicy policy;
    private final RevocationChecker revocation;

    public PathValidator(TrustStore trust, ValidationPolicy policy, RevocationChecker revocation) {
        this.trust = trust;
        this.policy = policy;
        this.revocation = revocation;
    }

    public ValidationPolicy policy() {
        return policy;
    }

    public RevocationChecker revocation() {
        return revocation;
    }

    /** This validator with another revocation checker: the verdict cache's view that never waits for a download. */
    PathValidator withRevocation(RevocationChecker checker) {
        return new PathValidator(trust, policy, checker);
    }

    /** The verdict on {@code presented} (client certificate first) at time {@code at}. */
    public Verdict validate(List<X509Certificate> presented, Instant at) {
        if (presented.isEmpty()) {
            return Verdict.missing();
        }
        long generation = revocation.generation();
        Optional<ChainIntake.Refusal> intake = ChainIntake.check(presented, policy.maxChainBytes());
        if (intake.isPresent() && intake.get().clientUnreadable()) {
            return unreadable(intake.get().detail(), at, generation);
        }
        CertificateFacts client;
        try {
            client = CertificateFacts.of(presented.get(0));
        } catch (RuntimeException malformed) {
            return unreadable("the client's certificate cannot be read: " + malformed.getMessage(), at, generation);
        }
        Builder verdict = new Builder(client, at, generation, presented);
        try {
            if (presented.size() > MAX_PRESENTED_CERTIFICATES) {
                return verdict.refuse(Reason.CHAIN_TOO_LONG, null, "the client sent " + presented.size()
                        + " certificates, more than the " + MAX_PRESENTED_CERTIFICATES + " accepted");
            }
            if (intake.isPresent()) {
                ChainIntake.Refusal refusal = intake.get();
                // An unreadable certificate is not named as the offending one: nothing could read it.
                boolean readable = refusal.position() >= 0 && refusal.reason() != Reason.MALFORMED;
                return verdict.refuse(refusal.reason(), readable ? presented.get(refusal.position()) : null, refusal.detail());
            }
            List<Candidate> candidates = new PathBuilder(trust, presented, verdict.budget).candidates();
            Verdict firstFailure = null;
            for (Candidate candidate : candidates) {
                Optional<Verdict> failure = profile(candidate, verdict);
                if (failure.isEmpty()) {
                    // PKIX verifies one signature per certificate of the path, the last with the anchor's key.
                    if (!verdict.budget.takeSignatureChecks(candidate.path().size())) {
                        break;
                    }
                    failure = pkix(candidate, verdict).or(() -> beyondPkix(candidate, verdict));
                }
                if (failure.isEmpty()) {
                    return afterPkix(candidate, verdict);
                }
                if (firstFailure == null) {
                    firstFailure = failure.get();
                }
            }
            if (verdict.budget.exhausted()) {
                // The search was cut short: what it did not try might have been valid, so no
                // failure of what it did try is the answer.
                return verdict.refuse(Reason.CHAIN_TOO_COMPLEX, presented.get(0), verdict.budget.tooComplexDetail());
            }
            if (firstFailure == null) {
                return verdict.refuse(Reason.NO_PATH_TO_TRUSTED_ROOT, presented.get(0), noPathDetail(presented));
            }
            return firstFailure;
        } catch (RuntimeException unexpected) {
            return verdict.refuse(Reason.MALFORMED, presented.get(0),
                    "the chain cannot be processed: " + unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage());
        }
    }

    /**
     * The verdict on a chain whose client certificate cannot be read at all (nothing describes
     * the client, so {@link Verdict#client()} is empty); for {@code verify}, whose files may not
     * decode, as for the gateway.
     */
    public Verdict unreadable(String detail, Instant at) {
        return unreadable(detail, at, revocation.generation());
    }

    private static Verdict unreadable(String detail, Instant at, long generation) {
        return new Verdict(Reason.MALFORMED, detail, detail, Optional.empty(), Optional.empty(), List.of(), List.of(),
                List.of(), at, at.plus(NEGATIVE_TTL), generation, Optional.empty());
    }

    private String noPathDetail(List<X509Certificate> presented) {
        X509Certificate top = presented.get(0);
        // Follow the presented chain as far as it links up, to name the issuer that is missing.
        for (X509Certificate next : presented.subList(1, presented.size())) {
            if (next.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
                top = next;
            }
        }
        return "no path to a trusted root: issuer " + label(top.getIssuerX500Principal()) + " of certificate "
                + label(top.getSubjectX500Principal()) + " is not a trusted root nor a known intermediate";
    }

    /**
     * The RFC 5280 profile rules the JDK does not check, on every certificate of the candidate;
     * empty when it conforms. Run before PKIX, on purpose: the JDK would call a critical key
     * identifier an unknown critical extension, and these reads are cheap where PKIX costs
     * signatures (and {@link PathBudget} signature checks) on a path that must fail anyway.
     */
    private Optional<Verdict> profile(Candidate candidate, Builder verdict) {
        return ProfileChecks.firstViolation(candidate.path()).map(finding ->
                verdict.refuse(Reason.PROFILE_VIOLATION, finding.certificate(), finding.detail()));
    }

    /** Runs the JDK PKIX algorithm; empty when the candidate passes. */
    private Optional<Verdict> pkix(Candidate candidate, Builder verdict) {
        // RFC 5280 leaves the anchor's dates to the application; IIS and nginx refuse an expired
        // root, and so does SPEC §4 ("a CA in its chain is expired"): the JDK never looks.
        X509Certificate root = candidate.root();
        String rootName = "trusted root " + label(root.getSubjectX500Principal());
        if (root.getNotAfter().toInstant().isBefore(verdict.at)) {
            return Optional.of(verdict.refuse(Reason.EXPIRED, root, rootName + " expired at " + root.getNotAfter().toInstant()));
        }
        if (root.getNotBefore().toInstant().isAfter(verdict.at)) {
            return Optional.of(verdict.refuse(Reason.NOT_YET_VALID, root,
                    rootName + " is not valid before " + root.getNotBefore().toInstant()));
        }
        try {
            PKIXCertPathValidatorResult result = pkix(candidate, verdict.at, policy.policies());
            verdict.validPolicies = Optional.of(PolicySet.fromTree(result.getPolicyTree(), candidate.path().size()));
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(explain(e, candidate, verdict));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of(verdict.refuse(Reason.MALFORMED, candidate.path().get(0),
                    "the chain cannot be validated: " + e.getMessage()));
        }
    }

    /**
     * The checks the JDK does not make (package {@code constraints}): the trusted root's own
     * constraints, subjectAltName syntax, and name constraints over every name form; empty
     * when the candidate passes them.
     */
    private Optional<Verdict> beyondPkix(Candidate candidate, Builder verdict) {
        return PathConstraints.check(candidate.path(), candidate.root())
                .map(violation -> verdict.refuse(reasonOf(violation.check()), violation.certificate(), violation.detail()));
    }

    private static Reason reasonOf(Check check) {
        return switch (check) {
            case ANCHOR_CRITICAL_EXTENSIONS -> Reason.UNSUPPORTED_CRITICAL_EXTENSION;
            case ANCHOR_IS_CA -> Reason.NOT_A_CA;
            case ANCHOR_KEY_USAGE -> Reason.WRONG_KEY_USAGE;
            case ANCHOR_PATH_LENGTH -> Reason.PATH_LENGTH_EXCEEDED;
            case NAMES_DECODABLE, NAME_SYNTAX -> Reason.INVALID_NAME;
            case PERMITTED_SUBTREES, EXCLUDED_SUBTREES, CONSTRAINTS_EVALUABLE -> Reason.NAME_CONSTRAINTS;
        };
    }

    /** The JDK's RFC 5280 §6.1 algorithm on a candidate path at a time; throws when it fails. */
    static PKIXCertPathValidatorResult pkix(Candidate candidate, Instant at, ValidationPolicy.CertificatePolicies policies)
            throws GeneralSecurityException {
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(candidate.path());
        IssuerKeys.verifyAhead(candidate.path(), candidate.root()); // PKIX's signature checks then cost a lookup
        PKIXParameters parameters = new PKIXParameters(java.util.Set.of(TrustStore.anchor(candidate.root())));
        parameters.setDate(Date.from(at));
        parameters.setRevocationEnabled(false); // revocation is ours: see checkRevocation
        parameters.setSigProvider(SignatureProvider.name()); // five times the JDK 17's ECDSA speed
        parameters.setInitialPolicies(policies.initialPolicies());
        parameters.setExplicitPolicyRequired(policies.explicitPolicyRequired());
        parameters.setPolicyMappingInhibited(policies.policyMappingInhibited());
        parameters.setAnyPolicyInhibited(policies.anyPolicyInhibited());
        return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    }

    private Verdict explain(CertPathValidatorException e, Candidate candidate, Builder verdict) {
        int index = e.getIndex();
        X509Certificate concerned = index >= 0 && index < candidate.path().size()
                ? candidate.path().get(index) : candidate.path().get(0);
        boolean isClient = concerned == candidate.path().get(0);
        String who = (isClient ? "certificate " : "CA certificate ") + label(concerned.getSubjectX500Principal());
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
            return verdict.refuse(Reason.EXPIRED, concerned,
                    who + " expired at " + concerned.getNotAfter().toInstant());
        }
        if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return verdict.refuse(Reason.NOT_YET_VALID, concerned,
                    who + " is not valid before " + concerned.getNotBefore().toInstant());
        }
        if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return verdict.refuse(Reason.BAD_SIGNATURE, concerned, "the signature on " + who
                    + " does not verify with the key of its issuer " + label(concerned.getIssuerX500Principal()));
        }
        if (reason == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            return verdict.refuse(Reason.WEAK_ALGORITHM, concerned, who + " uses an algorithm or key size that is no longer"
                    + " allowed: " + e.getMessage());
        }
        if (reason instanceof PKIXReason pkix) {
            return switch (pkix) {
                case INVALID_KEY_USAGE -> verdict.refuse(Reason.WRONG_KEY_USAGE, concerned,
                        who + " may not sign certificates (keyUsage lacks keyCertSign)");
                case NOT_CA_CERT -> verdict.refuse(Reason.NOT_A_CA, concerned,
                        who + " is used as a CA but is not one (basicConstraints cA is false or absent)");
                case PATH_TOO_LONG -> verdict.refuse(Reason.PATH_LENGTH_EXCEEDED, concerned,
                        "the path is longer than a CA's pathLenConstraint allows, at " + who);
                case INVALID_NAME -> verdict.refuse(Reason.NAME_CONSTRAINTS, concerned,
                        who + " has a name outside its issuer's name constraints");
                case INVALID_POLICY -> policyRefusal(candidate, concerned, verdict);
                case UNRECOGNIZED_CRIT_EXT -> verdict.refuse(Reason.UNSUPPORTED_CRITICAL_EXTENSION, concerned,
                        who + " has a critical extension certgate does not understand");
                case NAME_CHAINING, NO_TRUST_ANCHOR -> verdict.refuse(Reason.NO_PATH_TO_TRUSTED_ROOT, concerned,
                        "no path to a trusted root at " + who + ": " + e.getMessage());
            };
        }
        return verdict.refuse(Reason.MALFORMED, concerned, who + " cannot be validated: " + e.getMessage());
    }

    /**
     * A path the policy settings refuse (RFC 5280 §6.1.5 (g): no acceptable policy where one is
     * required), named with what was required and what the path is valid for. That set comes from
     * a second run with any policy and no explicit requirement (the inhibit settings kept), made
     * only for this refusal; if that run fails for another reason, that reason decides: the policy
     * check may have stopped the first run before it reached a worse problem further down.
     */
    private Verdict policyRefusal(Candidate candidate, X509Certificate concerned, Builder verdict) {
        ValidationPolicy.CertificatePolicies wanted = policy.policies();
        ValidationPolicy.CertificatePolicies anyPolicy = new ValidationPolicy.CertificatePolicies(
                java.util.Set.of(), false, wanted.policyMappingInhibited(), wanted.anyPolicyInhibited());
        PolicySet validFor = PolicySet.NONE; // when the settings were already these, a CA's requireExplicitPolicy failed them
        try {
            if (!wanted.equals(anyPolicy)) {
                PKIXCertPathValidatorResult result = pkix(candidate, verdict.at, anyPolicy);
                validFor = PolicySet.fromTree(result.getPolicyTree(), candidate.path().size());
            }
        } catch (CertPathValidatorException e) {
            if (e.getReason() != PKIXReason.INVALID_POLICY) {
                return explain(e, candidate, verdict);
            }
            validFor = PolicySet.NONE; // a CA's requireExplicitPolicy left no valid policy even so
        } catch (GeneralSecurityException | RuntimeException e) {
            validFor = PolicySet.NONE;
        }
        verdict.validPolicies = Optional.of(validFor);
        X509Certificate client = candidate.path().get(0);
        String valid = validFor.any() ? "any policy" : validFor.oids().isEmpty() ? "no policy"
                : (validFor.oids().size() == 1 ? "policy " : "policies ") + validFor;
        String detail;
        if (wanted.initialPolicies().isEmpty() && !wanted.explicitPolicyRequired()) {
            detail = "the path of certificate " + label(client.getSubjectX500Principal()) + " is valid for " + valid
                    + ", but a CA of the path requires an explicit certificate policy (requireExplicitPolicy), at "
                    + (concerned == client ? "certificate " : "CA certificate ") + label(concerned.getSubjectX500Principal());
        } else {
            detail = "certificate " + label(client.getSubjectX500Principal()) + " is not valid for "
                    + wanted.describe() + ": its path is valid for " + valid;
        }
        return verdict.refuse(Reason.POLICY, concerned, detail);
    }

    /** The checks RFC 5280 path validation leaves to the application: length, purpose, revocation. */
    private Verdict afterPkix(Candidate candidate, Builder verdict) {
        List<X509Certificate> path = candidate.path();
        X509Certificate client = path.get(0);
        int length = candidate.lengthWithAnchor();
        if (length > policy.maxChainLength()) {
            return verdict.refuse(Reason.CHAIN_TOO_LONG, client, "the chain has " + length
                    + " certificates (client to root), more than maxChainLength " + policy.maxChainLength());
        }
        if (policy.purpose() == ValidationPolicy.Purpose.CLIENT_AUTH) {
            Optional<String> wrongUsage = clientAuthProblem(client);
            if (wrongUsage.isPresent()) {
                return verdict.refuse(Reason.WRONG_KEY_USAGE, client, "certificate "
                        + label(client.getSubjectX500Principal()) + " is not for client authentication ("
                        + wrongUsage.get() + ")");
            }
        }
        List<X509Certificate> fullPath = new ArrayList<>(path);
        if (!path.get(path.size() - 1).equals(candidate.root())) {
            fullPath.add(candidate.root());
        }
        verdict.path = fullPath;
        verdict.validUntil = earliestNotAfter(fullPath, verdict.validUntil);
        return checkRevocation(candidate, verdict);
    }

    private Verdict checkRevocation(Candidate candidate, Builder verdict) {
        List<X509Certificate> path = candidate.path();
        int checked = policy.revocationScope() == RevocationScope.LEAF ? 1 : path.size();
        List<X509Certificate> known = new ArrayList<>(verdict.presented);
        known.addAll(trust.intermediates());
        CrlSignerPaths signers = new CrlSignerPaths(candidate, verdict.at, known, revocation, 0, new HashSet<>(),
                verdict.budget);
        for (int i = 0; i < checked; i++) {
            X509Certificate certificate = path.get(i);
            if (certificate.equals(candidate.root())) {
                break; // the anchor itself is trusted by configuration, not by revocation status
            }
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : candidate.root();
            if (i > 0 && !revocation.hasSourceFor(certificate)) {
                // A CA nobody publishes revocation for cannot be checked; refusing every client for
                // it (nginx's "unable to get certificate CRL") helps nobody. The client's own
                // certificate, below, still fails closed.
                verdict.warnings.add("CA certificate " + label(certificate.getSubjectX500Principal())
                        + " was not checked for revocation: no CRL of its issuer " + label(issuer.getSubjectX500Principal())
                        + " is configured");
                continue;
            }
            RevocationStatus status = revocation.check(certificate, issuer, verdict.at, signers);
            for (String source : status.sources()) {
                if (!verdict.sources.contains(source)) {
                    verdict.sources.add(source);
                }
            }
            status.validUntil().ifPresent(until -> verdict.validUntil = min(verdict.validUntil, until));
            if (status.state() == RevocationStatus.State.GOOD) {
                continue; // the common case: no sentence to write
            }
            String who = (i == 0 ? "certificate " : "CA certificate ") + label(certificate.getSubjectX500Principal());
            switch (status.state()) {
                case REVOKED -> {
                    // The source may be one of the server's CRL files: a client is told only the fact.
                    return verdict.refuse(Reason.REVOKED, certificate, who + " was " + status.detail()
                            + ", according to " + status.source(), who + " was " + status.detail());
                }
                case UNKNOWN -> {
                    if (revocation.awaitsDownloads()) {
                        // Provisional: a download is on its way and the verdict is decided again
                        // when it is done. The other certificates go on, so that their downloads
                        // start now too rather than one after the other.
                        continue;
                    }
                    if (status.sources().stream().anyMatch(source -> !source.equals("none"))) {
                        verdict.validUntil = min(verdict.validUntil, verdict.at.plus(UNKNOWN_RECHECK));
                    }
                    String detail = "the revocation status of " + who + " is unknown: " + status.detail();
                    if (policy.onUnavailable() == OnUnavailable.DENY) {
                        // Why the sources failed names the server's files and fetches: the log's to tell.
                        return verdict.refuse(Reason.REVOCATION_UNAVAILABLE, certificate, detail,
                                "the revocation status of " + who + " is unknown: the server has no current"
                                        + " revocation information (CRL or OCSP answer) for it");
                    }
                    verdict.warnings.add(detail + " (allowed by onUnavailable: allow)");
                    // Once per decision (verdicts are cached), so that a failing CRL source shows in the log.
                    LOG.warn("letting {} in although {} (onUnavailable: allow)", label(path.get(0).getSubjectX500Principal()), detail);
                }
                case GOOD -> { }
            }
        }
        return verdict.accept();
    }

    private static Optional<String> clientAuthProblem(X509Certificate client) {
        try {
            List<String> extendedKeyUsage = client.getExtendedKeyUsage();
            if (extendedKeyUsage != null && !extendedKeyUsage.contains(CLIENT_AUTH)
                    && !extendedKeyUsage.contains(ANY_EXTENDED_KEY_USAGE)) {
                return Optional.of("extendedKeyUsage lacks clientAuth");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return Optional.of("extendedKeyUsage cannot be decoded");
        }
        boolean[] keyUsage = client.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= DIGITAL_SIGNATURE || !keyUsage[DIGITAL_SIGNATURE])) {
            return Optional.of("keyUsage lacks digitalSignature");
        }
        return Optional.empty();
    }

    private static Instant earliestNotAfter(List<X509Certificate> path, Instant bound) {
        Instant earliest = bound;
        for (X509Certificate certificate : path) {
            earliest = min(earliest, certificate.getNotAfter().toInstant());
        }
        return earliest;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String label(javax.security.auth.x500.X500Principal principal) {
        return DistinguishedName.of(principal).shortLabel();
    }

    /** Collects the parts of a verdict while the steps run. */
    private final class Builder {
        final CertificateFacts client;
        final Instant at;
        final long generation;
        final List<X509Certificate> presented;
        List<X509Certificate> path = List.of();
        final List<String> sources = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final PathBudget budget = new PathBudget();
        Instant validUntil;
        Optional<PolicySet> validPolicies = Optional.empty();

        Builder(CertificateFacts client, Instant at, long generation, List<X509Certificate> presented) {
            this.client = client;
            this.presented = presented;
            this.at = at;
            this.generation = generation;
            this.validUntil = at.plus(policy.verdictTtl());
        }

        Verdict refuse(Reason reason, X509Certificate offending, String detail) {
            return refuse(reason, offending, detail, detail);
        }

        Verdict refuse(Reason reason, X509Certificate offending, String detail, String publicDetail) {
            Instant until = min(validUntil, at.plus(NEGATIVE_TTL));
            if (reason == Reason.NOT_YET_VALID && offending != null) {
                until = min(until, offending.getNotBefore().toInstant());
            }
            return new Verdict(reason, detail, publicDetail, Optional.of(client), Optional.ofNullable(offending), path,
                    sources, warnings, at, until, generation, validPolicies);
        }

        Verdict accept() {
            return new Verdict(Reason.OK, "valid", "valid", Optional.of(client), Optional.empty(), path, sources, warnings,
                    at, validUntil, generation, validPolicies);
        }
    }
}
