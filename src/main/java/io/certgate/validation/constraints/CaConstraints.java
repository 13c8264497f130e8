package io.certgate.validation.constraints;

import io.certgate.x509.DecodedCertificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * The nameConstraints extension of one CA (RFC 5280 §4.2.1.10), decoded.
 *
 * @param ca        the CA certificate (or trusted root) that carries it
 * @param critical  whether the extension is critical: a subtree certgate cannot evaluate is
 *                  ignored in a non-critical extension (X.509's rule for what a relying party
 *                  does not understand) and fails closed in a critical one
 * @param permitted the permittedSubtrees (empty when absent)
 * @param excluded  the excludedSubtrees (empty when absent)
 */
record CaConstraints(X509Certificate ca, boolean critical, List<Subtree> permitted, List<Subtree> excluded) {

    CaConstraints {
        permitted = List.copyOf(permitted);
        excluded = List.copyOf(excluded);
    }

    /**
     * The constraints of {@code ca}, empty when it has none. Throws IllegalArgumentException when
     * the extension does not decode.
     */
    static Optional<CaConstraints> of(X509Certificate ca) {
        byte[] extension = DecodedCertificate.of(ca).extensionValue(Extension.nameConstraints.getId());
        if (extension == null) {
            return Optional.empty();
        }
        try {
            NameConstraints constraints = NameConstraints.getInstance(ASN1OctetString.getInstance(extension).getOctets());
            boolean critical = ca.getCriticalExtensionOIDs() != null
                    && ca.getCriticalExtensionOIDs().contains(Extension.nameConstraints.getId());
            return Optional.of(new CaConstraints(ca, critical, subtrees(constraints.getPermittedSubtrees()),
                    subtrees(constraints.getExcludedSubtrees())));
        } catch (RuntimeException undecodable) {
            throw new IllegalArgumentException(undecodable.getMessage(), undecodable);
        }
    }

    private static List<Subtree> subtrees(GeneralSubtree[] subtrees) {
        List<Subtree> list = new ArrayList<>();
        if (subtrees != null) {
            for (GeneralSubtree subtree : subtrees) {
                list.add(Subtree.of(subtree));
            }
        }
        return list;
    }
}
