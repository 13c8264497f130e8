package io.certgate.revocation;

import io.certgate.x509.DistinguishedName;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;

/**
 * RFC 5280 §6.3.3, CRL processing, for one certificate: for each of its distribution points
 * (and the implicit one of its issuer) find the complete CRLs in scope, keep those that are
 * current, understood and signed by a key that chains to the same trust anchor, apply their
 * delta CRLs, and look the certificate up.
 *
 * <p>How answers combine: every usable CRL is consulted, and any one listing the certificate
 * makes it revoked (the RFC may stop earlier; consulting all never misses a listing). Of CRLs
 * with the same issuer and scope only the newest counts, so that a certificate taken off hold
 * is not held by an older copy. The certificate is good only when the CRLs consulted together
 * cover every revocation reason (onlySomeReasons); otherwise its status is unknown, with the
 * most telling problem met on the way as the reason.
 */
final class CrlCheck {

    /** Where the CRLs come from: files and downloads. */
    interface Supply {
        /** The CRLs held for this issuer (complete and delta). */
        List<HeldCrl> issuedBy(X500Principal issuer);

        /** True when distribution points are downloaded. */
        boolean downloads();

        /** The CRLs at a URL, held from before if still usable at {@code at}, or what keeps them away (a download under way, a failure). */
        Download download(URI url, Instant at);
    }

    /** What a URL gave: its CRLs, or what went wrong. */
    record Download(List<HeldCrl> crls, Optional<String> problem) {
    }

    /** How telling a problem is when the status ends up unknown: the highest is reported. */
    private enum Weight { SCOPE, UNUSABLE, DOWNLOAD }

    /** RFC 5280 §4.2.1.3: keyUsage bit 6, cRLSign. */
    private static final int KEY_USAGE_CRL_SIGN = 6;

    private final Supply supply;

    CrlCheck(Supply supply) {
        this.supply = supply;
    }

    RevocationStatus check(X509Certificate certificate, Instant at, CrlSigners signers) {
        X500Principal issuer = certificate.getIssuerX500Principal();
        List<DistributionPoints.Point> points;
        try {
            points = DistributionPoints.of(certificate);
        } catch (RuntimeException malformed) {
            return RevocationStatus.unknown("none", "its cRLDistributionPoints extension cannot be decoded");
        }
        Findings findings = new Findings(certificate);
        Set<CompactCrl> consulted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (DistributionPoints.Point point : points) {
            Map<String, Usable> newestPerScope = new LinkedHashMap<>();
            for (HeldCrl held : candidates(point, issuer, at, findings)) {
                if (consulted.contains(held.crl())) {
                    continue;
                }
                Optional<String> outOfScope = outOfScope(held, point, certificate);
                if (outOfScope.isPresent()) {
                    findings.problem(Weight.SCOPE, held.source(), outOfScope.get());
                    continue;
                }
                usable(held, at, signers, findings).ifPresent(usable -> newestPerScope.merge(scopeKey(held.crl()), usable,
                        (a, b) -> newer(b.held.crl(), a.held.crl()) ? b : a));
            }
            for (Usable usable : newestPerScope.values()) {
                consulted.add(usable.held.crl());
                int idpReasons = usable.held.crl().issuingDistributionPoint()
                        .map(IssuingDistributionPoint::getOnlySomeReasons)
                        .map(r -> r.intValue() & DistributionPoints.ALL_REASONS)
                        .orElse(DistributionPoints.ALL_REASONS);
                findings.consult(usable, delta(usable, certificate, at), idpReasons & point.reasons());
            }
            if (findings.revoked != null) {
                return findings.revoked;
            }
        }
        return findings.conclusion();
    }

    private List<HeldCrl> candidates(DistributionPoints.Point point, X500Principal issuer, Instant at, Findings findings) {
        List<HeldCrl> candidates = new ArrayList<>();
        for (X500Principal name : point.crlIssuerNames(issuer)) {
            for (HeldCrl held : supply.issuedBy(name)) {
                if (!held.crl().isDelta()) {
                    candidates.add(held);
                }
            }
        }
        if (supply.downloads()) {
            for (URI url : point.uris()) {
                Download download = supply.download(url, at);
                download.problem().ifPresent(p -> findings.problem(Weight.DOWNLOAD, "crl:" + url, p));
                boolean gave = false;
                for (HeldCrl held : download.crls()) {
                    if (!held.crl().isDelta() && !candidates.contains(held)) {
                        candidates.add(held);
                        gave = true;
                    }
                }
                if (gave) {
                    // The URLs of one point are the same CRL in different places (RFC 5280
                    // §4.2.1.13); as Windows does, the first that gives one wins and the rest
                    // (often an ldap:/// AD CS lists first, then http) are not asked.
                    break;
                }
            }
        }
        return candidates;
    }

    /** RFC 5280 §6.3.3 (b): why the CRL does not cover this certificate at this point, if it does not. */
    private static Optional<String> outOfScope(HeldCrl held, DistributionPoints.Point point, X509Certificate certificate) {
        CompactCrl crl = held.crl();
        String the = "the CRL " + held.source();
        if (!point.crlIssuers().isEmpty()) {
            if (!point.crlIssuerNames(certificate.getIssuerX500Principal()).contains(crl.issuer())) {
                return Optional.of(the + " is not from the CRL issuer the certificate names");
            }
            if (!crl.isIndirect()) {
                return Optional.of(the + " is not an indirect CRL, so it cannot cover certificates of "
                        + label(certificate.getIssuerX500Principal()));
            }
        } else if (!crl.issuer().equals(certificate.getIssuerX500Principal())) {
            return Optional.of(the + " is issued by " + label(crl.issuer()));
        }
        Optional<IssuingDistributionPoint> idp = crl.issuingDistributionPoint();
        if (idp.isEmpty()) {
            return Optional.empty();
        }
        if (idp.get().getDistributionPoint() != null) {
            var idpNames = DistributionPoints.names(idp.get().getDistributionPoint(),
                    X500Name.getInstance(crl.issuer().getEncoded()));
            boolean match = point.names().isEmpty()
                    ? DistributionPoints.anyMatch(idpNames, point.crlIssuers())
                    : DistributionPoints.anyMatch(idpNames, point.names());
            if (!match) {
                return Optional.of(the + " covers another distribution point than the certificate's");
            }
        }
        boolean ca = certificate.getBasicConstraints() >= 0;
        if (idp.get().onlyContainsUserCerts() && ca) {
            return Optional.of(the + " covers only end-entity certificates");
        }
        if (idp.get().onlyContainsCACerts() && !ca) {
            return Optional.of(the + " covers only CA certificates");
        }
        if (idp.get().onlyContainsAttributeCerts()) {
            return Optional.of(the + " covers only attribute certificates");
        }
        return Optional.empty();
    }

    /** A CRL in scope that may be believed, and the signer that vouches for it. */
    private record Usable(HeldCrl held, CrlSigner signer) {
    }

    /** RFC 5280 §6.3.3 (a), (f), (g): current, understood, and signed by a valid CRL signer. */
    private static Optional<Usable> usable(HeldCrl held, Instant at, CrlSigners signers, Findings findings) {
        Optional<String> problem = currencyProblem(held, at);
        if (problem.isPresent()) {
            findings.problem(Weight.UNUSABLE, held.source(), problem.get());
            return Optional.empty();
        }
        CompactCrl crl = held.crl();
        List<CrlSigner> candidates = signers.named(crl.issuer());
        String issuerLabel = label(crl.issuer());
        String why = candidates.isEmpty() ? "no certificate of its issuer " + issuerLabel + " is known"
                : "the CRL " + held.source() + " is not signed by " + issuerLabel;
        for (CrlSigner signer : candidates) {
            if (!mayIssueCrls(signer.certificate())) {
                why = "issuer " + issuerLabel + " may not sign CRLs (keyUsage lacks cRLSign)";
                continue;
            }
            if (!crl.verifiesWith(signer.key())) {
                continue;
            }
            Optional<String> untrusted = signer.problem();
            if (untrusted.isPresent()) {
                why = "the CRL " + held.source() + " is signed by a certificate that cannot be trusted: " + untrusted.get();
                continue;
            }
            return Optional.of(new Usable(held, signer));
        }
        findings.problem(Weight.UNUSABLE, held.source(), why);
        return Optional.empty();
    }

    private static Optional<String> currencyProblem(HeldCrl held, Instant at) {
        CompactCrl crl = held.crl();
        if (crl.unusable().isPresent()) {
            return Optional.of("the CRL " + held.source() + " cannot be used: " + crl.unusable().get());
        }
        if (crl.thisUpdate().isAfter(at)) {
            return Optional.of("the CRL " + held.source() + " is not valid before " + crl.thisUpdate());
        }
        if (held.usableUntil().isPresent() && held.usableUntil().get().isBefore(at)) {
            return Optional.of("the CRL " + held.source() + " expired at " + crl.nextUpdate().orElseThrow()
                    + " (nextUpdate" + (held.grace().isZero() ? ")" : ", plus the grace of " + held.grace() + ")"));
        }
        return Optional.empty();
    }

    /** RFC 5280 §6.3.3 (c), (g)(ii): the newest delta CRL for this complete CRL, signed with the same key. */
    private Optional<HeldCrl> delta(Usable complete, X509Certificate certificate, Instant at) {
        CompactCrl base = complete.held.crl();
        if (base.extensions().number().isEmpty()) {
            return Optional.empty();
        }
        List<HeldCrl> candidates = new ArrayList<>(supply.issuedBy(base.issuer()));
        if (supply.downloads()) {
            List<URI> urls = new ArrayList<>(base.extensions().freshest());
            try {
                urls.addAll(DistributionPoints.freshest(certificate));
            } catch (RuntimeException malformed) {
                // an undecodable freshestCRL extension names no delta CRL
            }
            for (URI url : urls) {
                candidates.addAll(supply.download(url, at).crls());
            }
        }
        HeldCrl best = null;
        for (HeldCrl held : candidates) {
            CompactCrl delta = held.crl();
            if (delta.isDelta() && delta.issuer().equals(base.issuer())
                    && delta.extensions().deltaBase().get().compareTo(base.extensions().number().get()) <= 0
                    && sameScope(delta, base) && currencyProblem(held, at).isEmpty()
                    && delta.verifiesWith(complete.signer.key()) && (best == null || newer(delta, best.crl()))) {
                best = held;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean sameScope(CompactCrl a, CompactCrl b) {
        return Arrays.equals(a.extensions().issuingDistributionPointDer().orElse(null),
                b.extensions().issuingDistributionPointDer().orElse(null));
    }

    private static String scopeKey(CompactCrl crl) {
        return crl.issuer().getName(X500Principal.CANONICAL) + "|"
                + crl.extensions().issuingDistributionPointDer().map(Arrays::toString).orElse("");
    }

    /** By cRLNumber when both have one, else by thisUpdate. */
    private static boolean newer(CompactCrl a, CompactCrl b) {
        var numberA = a.extensions().number();
        var numberB = b.extensions().number();
        if (numberA.isPresent() && numberB.isPresent() && !numberA.get().equals(numberB.get())) {
            return numberA.get().compareTo(numberB.get()) > 0;
        }
        return a.thisUpdate().isAfter(b.thisUpdate());
    }

    static boolean mayIssueCrls(X509Certificate signer) {
        boolean[] usage = signer.getKeyUsage();
        return usage == null || (usage.length > KEY_USAGE_CRL_SIGN && usage[KEY_USAGE_CRL_SIGN]);
    }

    static String label(X500Principal name) {
        return DistinguishedName.of(name).shortLabel();
    }

    /** What the CRLs said so far about one certificate. */
    private static final class Findings {
        private final X509Certificate certificate;
        private final List<String> sources = new ArrayList<>();
        private int covered;
        private Instant validUntil;
        private RevocationStatus revoked;
        private Weight worst;
        private String problemSource = "none";
        private String problem;

        Findings(X509Certificate certificate) {
            this.certificate = certificate;
        }

        void problem(Weight weight, String source, String text) {
            if (worst == null || weight.compareTo(worst) > 0) {
                worst = weight;
                problemSource = source;
                problem = text;
            }
        }

        /** RFC 5280 §6.3.3 (h), (i), (j): the delta first, then the complete CRL. */
        void consult(Usable complete, Optional<HeldCrl> delta, int reasons) {
            X500Principal issuer = certificate.getIssuerX500Principal();
            Optional<CrlEntry> inDelta = delta.flatMap(d -> d.crl().find(issuer, certificate.getSerialNumber()));
            Optional<CrlEntry> inBase = complete.held.crl().find(issuer, certificate.getSerialNumber());
            HeldCrl said = complete.held;
            Optional<CrlEntry> entry = inBase;
            if (inDelta.isPresent()) {
                said = delta.get();
                entry = inDelta.get().removesFromCrl() ? Optional.empty() : inDelta;
            } else if (inBase.isPresent() && inBase.get().removesFromCrl()) {
                entry = Optional.empty(); // removeFromCRL means something only in a delta CRL (RFC 5280 §5.3.1)
            }
            Optional<Instant> until = complete.held.usableUntil();
            if (delta.isPresent() && delta.get().usableUntil().isPresent()) {
                until = Optional.of(until.map(u -> min(u, delta.get().usableUntil().get())).orElse(delta.get().usableUntil().get()));
            }
            if (entry.isPresent() && revoked == null) {
                revoked = RevocationStatus.revoked(said.source(), entry.get().revokedAt(), entry.get().reasonName(), until);
                return;
            }
            addSource(complete.held.source());
            delta.ifPresent(d -> addSource(d.source()));
            until.ifPresent(u -> validUntil = validUntil == null ? u : min(validUntil, u));
            covered |= reasons;
        }

        private void addSource(String source) {
            if (!sources.contains(source)) {
                sources.add(source);
            }
        }

        RevocationStatus conclusion() {
            if (revoked != null) {
                return revoked;
            }
            if ((covered & DistributionPoints.ALL_REASONS) == DistributionPoints.ALL_REASONS) {
                return RevocationStatus.good(sources, Optional.ofNullable(validUntil));
            }
            if (covered != 0) {
                return RevocationStatus.unknown(sources, "the CRLs of "
                        + label(certificate.getIssuerX500Principal()) + " that apply cover only some revocation reasons"
                        + (problem == null ? "" : "; " + problem));
            }
            if (problem != null) {
                return RevocationStatus.unknown(problemSource, problem);
            }
            return RevocationStatus.unknown("none", "no CRL is configured for issuer " + label(certificate.getIssuerX500Principal()));
        }

        private static Instant min(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }
    }
}
