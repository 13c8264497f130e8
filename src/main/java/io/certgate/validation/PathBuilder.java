package io.certgate.validation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * Finds candidate paths by names only (issuer of one = subject of the next), depth first,
 * trusted roots before intermediates and key-identifier matches before mismatches. It proves
 * nothing: each candidate is then validated by the PKIX algorithm.
 */
final class PathBuilder {

    private final TrustStore trust;
    private final Map<X500Principal, List<X509Certificate>> presentedBySubject;
    private final X509Certificate client;
    private final List<Candidate> found = new ArrayList<>();

    PathBuilder(TrustStore trust, List<X509Certificate> presented) {
        this.trust = trust;
        this.client = presented.get(0);
        this.presentedBySubject = TrustStore.index(presented.subList(1, presented.size()));
    }

    List<Candidate> candidates() {
        List<X509Certificate> path = new ArrayList<>();
        path.add(client);
        extend(path);
        return List.copyOf(found);
    }

    private void extend(List<X509Certificate> path) {
        X509Certificate current = path.get(path.size() - 1);
        X500Principal issuerName = current.getIssuerX500Principal();
        for (X509Certificate root : byKeyIdMatch(current, trust.rootsNamed(issuerName))) {
            if (found.size() >= PathValidator.MAX_CANDIDATE_PATHS) {
                return;
            }
            found.add(new Candidate(path, root));
        }
        // A self-issued CA (a key rollover, RFC 5280 §6.1: "self-issued") is extended like any
        // other: its issuer has the same name and a different key; path.contains() stops loops.
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
            if (found.size() >= PathValidator.MAX_CANDIDATE_PATHS) {
                return;
            }
            if (path.contains(issuer) || trust.roots().contains(issuer)) {
                continue; // a loop, or a root the client also sent (already tried as an anchor)
            }
            path.add(issuer);
            extend(path);
            path.remove(path.size() - 1);
        }
    }

    /** Issuers whose subjectKeyIdentifier matches the child's authorityKeyIdentifier first, mismatches last. */
    private static List<X509Certificate> byKeyIdMatch(X509Certificate child, List<X509Certificate> issuers) {
        if (issuers.size() < 2) {
            return issuers;
        }
        byte[] authorityKeyId = authorityKeyId(child);
        if (authorityKeyId == null) {
            return issuers;
        }
        List<X509Certificate> sorted = new ArrayList<>(issuers);
        sorted.sort(Comparator.comparingInt(issuer -> {
            byte[] subjectKeyId = subjectKeyId(issuer);
            return subjectKeyId == null ? 1 : Arrays.equals(subjectKeyId, authorityKeyId) ? 0 : 2;
        }));
        return sorted;
    }

    private static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
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
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
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
