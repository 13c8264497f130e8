package io.certgate.validation;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A path found by name from the client certificate up to a trusted root, not yet validated.
 *
 * @param path client first, then intermediates; ends with the root itself only when the client
 *             certificate is the root (a trusted self-signed certificate)
 * @param root the trusted root that issued the last certificate of {@code path}
 */
record Candidate(List<X509Certificate> path, X509Certificate root) {
    Candidate {
        path = List.copyOf(path);
    }

    /** Certificates from client to root inclusive, as maxChainLength counts them. */
    int lengthWithAnchor() {
        return path.get(path.size() - 1).equals(root) ? path.size() : path.size() + 1;
    }
}
