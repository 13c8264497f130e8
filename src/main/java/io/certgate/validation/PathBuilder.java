package io.certgate.validation;

import io.certgate.x509.DecodedCertificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * Finds candidate paths by names only (issuer of one = subject of the next), depth first,
 * trusted roots before intermediates and key-identifier matches before mismatches. It proves
 * nothing: each candidate is then validated by the PKIX algorithm.
 *
 * <p>The search is bounded by a {@link PathBudget}: every issuer link it follows costs a step.
 * Before it starts, certificates sent more than once (the same DER) are kept once; while it runs,
 * a path never holds two certificates with the same subject and the same key, which RFC 4158
 * §2.4.2 calls a loop (the shorter path without the repeat is the same proof).
 */
final class PathBuilder {

    private final TrustStore trust;
    private final PathBudget budget;
    private final Map<X500Principal, List<X509Certificate>> presentedBySubject;
    private final X509Certificate client;
    private final List<Candidate> found = new ArrayList<>();
    /** Facts read once per certificate: the search looks at each many times, and the JDK decodes names on every call. */
    private final Map<X509Certificate, KeyFacts> facts = new IdentityHashMap<>();

    PathBuilder(TrustStore trust, List<X509Certificate> presented, PathBudget budget) {
        this.trust = trust;
        this.budget = budget;
        this.client = presented.get(0);
        // Certificates are equal when their DER is: a chain that repeats one (or the client's own)
        // offers nothing new, and is searched as if it had been sent once.
        Set<X509Certificate> distinct = new LinkedHashSet<>(presented.subList(1, presented.size()));
        distinct.remove(client);
        this.presentedBySubject = TrustStore.index(List.copyOf(distinct));
    }

    List<Candidate> candidates() {
        List<X509Certificate> path = new ArrayList<>();
        path.add(client);
        extend(path);
        return List.copyOf(found);
    }

    private void extend(List<X509Certificate> path) {
        X509Certificate current = path.get(path.size() - 1);
        X500Principal issuerName = factsOf(current).issuer;
        for (X509Certificate root : byKeyIdMatch(current, trust.rootsNamed(issuerName))) {
            if (found.size() >= PathValidator.MAX_CANDIDATE_PATHS) {
                return;
            }
            found.add(new Candidate(path, root));
        }
        // A self-issued CA (a key rollover, RFC 5280 §6.1: "self-issued") is extended like any
        // other: its issuer has the same name and a different key.
        if (path.size() >= PathValidator.MAX_BUILD_DEPTH) {
            return;
        }
        List<X509Certificate> issuers = new ArrayList<>(presentedBySubject.getOrDefault(issuerName, List.of()));
        for (X509Certificate known : trust.intermediatesNamed(issuerName)) {
            if (!issuers.contains(known)) {
                issuers.add(known);
            }
        }
        for (X509Certificate issuer : byKeyIdMatch(current, issuers)) {
            if (found.size() >= PathValidator.MAX_CANDIDATE_PATHS || budget.exhausted()) {
                return;
            }
            if (trust.roots().contains(issuer) || loops(path, issuer)) {
                continue; // a root the client also sent (already tried as an anchor), or a loop
            }
            if (!budget.takeBuildStep()) {
                return;
            }
            path.add(issuer);
            extend(path);
            path.remove(path.size() - 1);
        }
    }

    /** RFC 4158 §2.4.2: the path already holds a certificate with this subject and this key. */
    private boolean loops(List<X509Certificate> path, X509Certificate issuer) {
        for (X509Certificate onPath : path) {
            KeyFacts known = factsOf(onPath);
            KeyFacts next = factsOf(issuer);
            if (known.subject.equals(next.subject)
                    && (onPath.equals(issuer) || Arrays.equals(known.publicKey, next.publicKey))) {
                return true;
            }
        }
        return false;
    }

    /** Issuers whose subjectKeyIdentifier matches the child's authorityKeyIdentifier first, mismatches last. */
    private List<X509Certificate> byKeyIdMatch(X509Certificate child, List<X509Certificate> issuers) {
        if (issuers.size() < 2) {
            return issuers;
        }
        byte[] authorityKeyId = factsOf(child).authorityKeyId;
        if (authorityKeyId == null) {
            return issuers;
        }
        List<X509Certificate> sorted = new ArrayList<>(issuers);
        sorted.sort(Comparator.comparingInt(issuer -> {
            byte[] subjectKeyId = factsOf(issuer).subjectKeyId;
            return subjectKeyId == null ? 1 : Arrays.equals(subjectKeyId, authorityKeyId) ? 0 : 2;
        }));
        return sorted;
    }

    private KeyFacts factsOf(X509Certificate certificate) {
        return facts.computeIfAbsent(certificate, KeyFacts::of);
    }

    /** What the search compares: the names, the key (as encoded) and the key identifiers of one certificate. */
    private record KeyFacts(X500Principal subject, X500Principal issuer, byte[] publicKey, byte[] subjectKeyId,
                            byte[] authorityKeyId) {
        static KeyFacts of(X509Certificate certificate) {
            return new KeyFacts(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal(),
                    certificate.getPublicKey().getEncoded(), PathBuilder.subjectKeyId(certificate),
                    PathBuilder.authorityKeyId(certificate));
        }
    }

    private static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] extension = DecodedCertificate.of(certificate).extensionValue(Extension.authorityKeyIdentifier.getId());
        if (extension == null) {
            return null;
        }
        try {
            return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] extension = DecodedCertificate.of(certificate).extensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return null;
        }
        try {
            return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
