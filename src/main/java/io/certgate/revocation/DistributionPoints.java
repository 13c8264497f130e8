package io.certgate.revocation;

import io.certgate.x509.DecodedCertificate;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;

/**
 * Where a certificate says its revocation information is published: its CRL distribution points
 * (RFC 5280 §4.2.1.13), its freshest-CRL (delta) points and its OCSP responders (§4.2.2.1).
 */
final class DistributionPoints {

    /** Every reason a CRL can cover (RFC 5280 §4.2.1.13 ReasonFlags, without the unused bit). */
    static final int ALL_REASONS = ReasonFlags.keyCompromise | ReasonFlags.cACompromise
            | ReasonFlags.affiliationChanged | ReasonFlags.superseded | ReasonFlags.cessationOfOperation
            | ReasonFlags.certificateHold | ReasonFlags.privilegeWithdrawn | ReasonFlags.aACompromise;

    /**
     * One distribution point, names resolved.
     *
     * @param names the full names of the point (nameRelativeToCRLIssuer already appended to the CRL
     *              issuer's name); empty when the point has no distributionPoint field
     * @param reasons the reasons this point covers, {@link #ALL_REASONS} when the field is absent
     * @param crlIssuers the cRLIssuer field: empty when the certificate's issuer issues the CRLs
     * @param implicit true for the point RFC 5280 §6.3.3 assumes for CRLs issued by the certificate's issuer
     * @param uris the http and ldap URLs among the names, in the certificate's order (Windows tries
     *             them in that order and the first that gives a CRL wins)
     */
    record Point(List<GeneralName> names, int reasons, List<GeneralName> crlIssuers, List<URI> uris, boolean implicit) {
        Point {
            names = List.copyOf(names);
            crlIssuers = List.copyOf(crlIssuers);
            uris = List.copyOf(uris);
        }

        /** The directory names of the CRL issuers this point expects. */
        List<X500Principal> crlIssuerNames(X500Principal certificateIssuer) {
            if (crlIssuers.isEmpty()) {
                return List.of(certificateIssuer);
            }
            List<X500Principal> names = new ArrayList<>();
            for (GeneralName name : crlIssuers) {
                if (name.getTagNo() == GeneralName.directoryName) {
                    names.add(principal(X500Name.getInstance(name.getName())));
                }
            }
            return names;
        }
    }

    private DistributionPoints() {
    }

    /**
     * The certificate's distribution points, then the implicit one (RFC 5280 §6.3.3: "CRLs not
     * specified in a distribution point but issued by the certificate issuer").
     *
     * @throws IllegalArgumentException when the extension cannot be decoded
     */
    static List<Point> of(X509Certificate certificate) {
        List<Point> points = new ArrayList<>();
        X500Name issuer = X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
        byte[] extension = DecodedCertificate.of(certificate).extensionValue(Extension.cRLDistributionPoints.getId());
        if (extension != null) {
            CRLDistPoint cdp = CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets());
            for (DistributionPoint point : cdp.getDistributionPoints()) {
                GeneralName[] crlIssuer = point.getCRLIssuer() == null ? new GeneralName[0] : point.getCRLIssuer().getNames();
                X500Name relativeTo = issuer;
                for (GeneralName name : crlIssuer) {
                    if (name.getTagNo() == GeneralName.directoryName) {
                        relativeTo = X500Name.getInstance(name.getName());
                        break;
                    }
                }
                List<GeneralName> names = names(point.getDistributionPoint(), relativeTo);
                int reasons = point.getReasons() == null ? ALL_REASONS : point.getReasons().intValue() & ALL_REASONS;
                points.add(new Point(names, reasons, List.of(crlIssuer), fetchable(names), false));
            }
        }
        List<GeneralName> issuerName = List.of(new GeneralName(issuer));
        points.add(new Point(issuerName, ALL_REASONS, List.of(), List.of(), true));
        return points;
    }

    /** The full names of a distribution point name, nameRelativeToCRLIssuer appended to {@code crlIssuer}. */
    static List<GeneralName> names(DistributionPointName name, X500Name crlIssuer) {
        if (name == null) {
            return List.of();
        }
        if (name.getType() == DistributionPointName.FULL_NAME) {
            return List.of(GeneralNames.getInstance(name.getName()).getNames());
        }
        RDN[] base = crlIssuer.getRDNs();
        RDN[] full = java.util.Arrays.copyOf(base, base.length + 1);
        full[base.length] = RDN.getInstance(ASN1Set.getInstance(name.getName()));
        return List.of(new GeneralName(new X500Name(full)));
    }

    /** True when some name of one list is the same as some name of the other (directory names compared as X.500 does). */
    static boolean anyMatch(List<GeneralName> some, List<GeneralName> others) {
        for (GeneralName a : some) {
            for (GeneralName b : others) {
                if (same(a, b)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean same(GeneralName a, GeneralName b) {
        if (a.getTagNo() != b.getTagNo()) {
            return false;
        }
        if (a.getTagNo() == GeneralName.directoryName) {
            return principal(X500Name.getInstance(a.getName())).equals(principal(X500Name.getInstance(b.getName())));
        }
        return a.equals(b);
    }

    static X500Principal principal(X500Name name) {
        try {
            return new X500Principal(name.getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("a name cannot be encoded", e);
        }
    }

    /** The http and https URLs among the full names of every point of a distribution point list (CDP or freshestCRL). */
    static List<URI> httpUris(CRLDistPoint points) {
        List<URI> uris = new ArrayList<>();
        for (DistributionPoint point : points.getDistributionPoints()) {
            if (point.getDistributionPoint() != null && point.getDistributionPoint().getType() == DistributionPointName.FULL_NAME) {
                uris.addAll(webUris(List.of(GeneralNames.getInstance(point.getDistributionPoint().getName()).getNames()),
                        true));
            }
        }
        return uris;
    }

    /** The delta-CRL (freshestCRL) http and https URLs a certificate names. */
    static List<URI> freshest(X509Certificate certificate) {
        byte[] extension = DecodedCertificate.of(certificate).extensionValue(Extension.freshestCRL.getId());
        if (extension == null) {
            return List.of();
        }
        return httpUris(CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets()));
    }

    /** The OCSP responder http URLs of the authorityInfoAccess extension. */
    static List<URI> ocspResponders(X509Certificate certificate) {
        byte[] extension = DecodedCertificate.of(certificate).extensionValue(Extension.authorityInfoAccess.getId());
        if (extension == null) {
            return List.of();
        }
        List<URI> uris = new ArrayList<>();
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    ASN1OctetString.getInstance(extension).getOctets());
            for (AccessDescription description : aia.getAccessDescriptions()) {
                if (description.getAccessMethod().equals(X509ObjectIdentifiers.ocspAccessMethod)) {
                    // RFC 6960 Appendix A: OCSP over http; an https responder would need OCSP to check its own certificate.
                    uris.addAll(webUris(List.of(description.getAccessLocation()), false));
                }
            }
        } catch (RuntimeException malformed) {
            return List.of();
        }
        return uris;
    }

    /** True when the certificate names an http, https or ldap CRL distribution point. */
    static boolean hasFetchableDistributionPoint(X509Certificate certificate) {
        try {
            for (Point point : of(certificate)) {
                if (!point.uris().isEmpty()) {
                    return true;
                }
            }
        } catch (RuntimeException malformed) {
            return false;
        }
        return false;
    }

    /**
     * The CRL distribution point URLs certgate downloads: http and https ones, and ldap/ldaps ones
     * (RFC 5280 §4.2.1.13 names http and ldap; AD CS lists {@code ldap:///CN=...} first), hostless
     * ldap included, since {@code revocation.ldapServer} or {@code revocation.directory} may name
     * their server.
     */
    private static List<URI> fetchable(List<GeneralName> names) {
        List<URI> uris = new ArrayList<>();
        for (GeneralName name : names) {
            if (name.getTagNo() != GeneralName.uniformResourceIdentifier) {
                continue;
            }
            String text = name.getName().toString();
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ldap://") || lower.startsWith("ldaps://")) {
                try {
                    uris.add(new URI(text));
                } catch (java.net.URISyntaxException notAUri) {
                    // RFC 4516 URLs are URIs (RFC 3986); a name that is not cannot be fetched
                }
            } else {
                uris.addAll(webUris(List.of(name), true));
            }
        }
        return uris;
    }

    /**
     * The http URLs among the names, and the https ones when {@code https}: a CRL over https is
     * fetched with the CRL server's certificate checked against trusted roots but not for
     * revocation (no CRL is needed to fetch a CRL), as {@link HttpDownloader} says.
     */
    private static List<URI> webUris(List<GeneralName> names, boolean https) {
        List<URI> uris = new ArrayList<>();
        for (GeneralName name : names) {
            if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                String text = name.getName().toString();
                try {
                    URI uri = new URI(text);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if ((scheme.equals("http") || https && scheme.equals("https")) && uri.getHost() != null) {
                        uris.add(uri);
                    }
                } catch (java.net.URISyntaxException ignored) {
                    // not a URL we can fetch; other names of the point may be
                }
            }
        }
        return uris;
    }
}
