package io.certgate.validation;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * The trusted roots of a site and the intermediates the server knows, indexed by subject so
 * that path building is a lookup. Only these roots are trusted: being issued by some CA is
 * not enough (SPEC §1.4).
 */
public final class TrustStore {

    private final List<X509Certificate> roots;
    private final List<X509Certificate> intermediates;
    private final Map<X500Principal, List<X509Certificate>> rootsBySubject;
    private final Map<X500Principal, List<X509Certificate>> intermediatesBySubject;

    private TrustStore(List<X509Certificate> roots, List<X509Certificate> intermediates) {
        this.roots = List.copyOf(roots);
        this.intermediates = List.copyOf(intermediates);
        this.rootsBySubject = index(roots);
        this.intermediatesBySubject = index(intermediates);
    }

    public static TrustStore of(List<X509Certificate> roots, List<X509Certificate> intermediates) {
        return new TrustStore(roots, intermediates);
    }

    /** The trusted roots, in configuration order. */
    public List<X509Certificate> roots() {
        return roots;
    }

    /** The intermediates the server knows, in configuration order. */
    public List<X509Certificate> intermediates() {
        return intermediates;
    }

    List<X509Certificate> rootsNamed(X500Principal subject) {
        return rootsBySubject.getOrDefault(subject, List.of());
    }

    List<X509Certificate> intermediatesNamed(X500Principal subject) {
        return intermediatesBySubject.getOrDefault(subject, List.of());
    }

    static TrustAnchor anchor(X509Certificate root) {
        return new TrustAnchor(root, null);
    }

    static Map<X500Principal, List<X509Certificate>> index(List<X509Certificate> certificates) {
        Map<X500Principal, List<X509Certificate>> index = new HashMap<>();
        for (X509Certificate certificate : certificates) {
            List<X509Certificate> named = index.computeIfAbsent(certificate.getSubjectX500Principal(), k -> new ArrayList<>());
            if (!named.contains(certificate)) {
                named.add(certificate);
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(index);
    }
}
