package io.certgate.revocation;

import io.certgate.x509.DistinguishedName;
import io.certgate.x509.X509FileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;

/**
 * CRLs loaded from files, indexed by issuer name. A certificate is checked against the CRLs of
 * its issuer that verify with the issuer's key and are current at the validation time.
 */
public final class CrlStore implements RevocationChecker {

    /** RFC 5280 §4.2.1.3: keyUsage bit 6, cRLSign. */
    private static final int KEY_USAGE_CRL_SIGN = 6;

    private final Map<X500Principal, List<LoadedCrl>> byIssuer;
    private final long generation;

    private CrlStore(List<LoadedCrl> crls, long generation) {
        Map<X500Principal, List<LoadedCrl>> index = new HashMap<>();
        for (LoadedCrl crl : crls) {
            index.computeIfAbsent(crl.crl.getIssuerX500Principal(), k -> new ArrayList<>()).add(crl);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byIssuer = Map.copyOf(index);
        this.generation = generation;
    }

    /** A store of the CRLs read from files; {@code generation} is what {@link #generation()} reports. */
    public static CrlStore of(List<CrlFile> files, long generation) {
        List<LoadedCrl> crls = new ArrayList<>();
        for (CrlFile file : files) {
            for (X509CRL crl : file.crls()) {
                crls.add(new LoadedCrl(crl, "crl:" + file.path()));
            }
        }
        return new CrlStore(crls, generation);
    }

    /** Reads the files and builds a store; the exception names the file that cannot be used. */
    public static CrlStore load(List<Path> files, long generation) throws X509FileException {
        List<CrlFile> read = new ArrayList<>();
        for (Path file : files) {
            read.add(CrlFile.read(file));
        }
        return of(read, generation);
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public boolean hasSourceFor(X509Certificate certificate) {
        return byIssuer.containsKey(certificate.getIssuerX500Principal());
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at) {
        List<LoadedCrl> candidates = byIssuer.getOrDefault(certificate.getIssuerX500Principal(), List.of());
        String issuerName = DistinguishedName.of(certificate.getIssuerX500Principal()).shortLabel();
        if (candidates.isEmpty()) {
            return RevocationStatus.unknown("none", "no CRL is configured for issuer " + issuerName);
        }
        if (!mayIssueCrls(issuer)) {
            return RevocationStatus.unknown("none", "issuer " + issuerName + " may not sign CRLs (keyUsage lacks cRLSign)");
        }
        String problem = null;
        for (LoadedCrl loaded : candidates) {
            X509CRL crl = loaded.crl;
            if (!loaded.verifiesWith(issuer.getPublicKey())) {
                problem = "the CRL " + loaded.source + " is not signed by " + issuerName;
                continue;
            }
            Instant thisUpdate = crl.getThisUpdate().toInstant();
            Optional<Instant> nextUpdate = Optional.ofNullable(crl.getNextUpdate()).map(java.util.Date::toInstant);
            if (thisUpdate.isAfter(at)) {
                problem = "the CRL " + loaded.source + " is not valid before " + thisUpdate;
                continue;
            }
            if (nextUpdate.isPresent() && nextUpdate.get().isBefore(at)) {
                problem = "the CRL " + loaded.source + " expired at " + nextUpdate.get() + " (nextUpdate)";
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(certificate.getSerialNumber());
            if (entry != null) {
                Optional<String> reason = Optional.ofNullable(entry.getRevocationReason()).map(ReasonNames::of);
                return RevocationStatus.revoked(loaded.source, entry.getRevocationDate().toInstant(), reason, nextUpdate);
            }
            return RevocationStatus.good(loaded.source, nextUpdate);
        }
        return RevocationStatus.unknown(candidates.get(0).source, problem);
    }

    private static boolean mayIssueCrls(X509Certificate issuer) {
        boolean[] usage = issuer.getKeyUsage();
        return usage == null || (usage.length > KEY_USAGE_CRL_SIGN && usage[KEY_USAGE_CRL_SIGN]);
    }

    /** A parsed CRL with the keys its signature was already verified with. */
    private static final class LoadedCrl {
        private final X509CRL crl;
        private final String source;
        private final Set<PublicKey> verifiedWith = ConcurrentHashMap.newKeySet();
        private final Set<PublicKey> failedWith = ConcurrentHashMap.newKeySet();

        LoadedCrl(X509CRL crl, String source) {
            this.crl = crl;
            this.source = source;
        }

        boolean verifiesWith(PublicKey key) {
            if (verifiedWith.contains(key)) {
                return true;
            }
            if (failedWith.contains(key)) {
                return false;
            }
            try {
                crl.verify(key);
                verifiedWith.add(key);
                return true;
            } catch (GeneralSecurityException | RuntimeException e) {
                failedWith.add(key);
                return false;
            }
        }
    }

    /** CRL reason names as RFC 5280 §5.3.1 spells them. */
    static final class ReasonNames {
        private ReasonNames() {
        }

        static String of(java.security.cert.CRLReason reason) {
            return switch (reason) {
                case UNSPECIFIED -> "unspecified";
                case KEY_COMPROMISE -> "keyCompromise";
                case CA_COMPROMISE -> "cACompromise";
                case AFFILIATION_CHANGED -> "affiliationChanged";
                case SUPERSEDED -> "superseded";
                case CESSATION_OF_OPERATION -> "cessationOfOperation";
                case CERTIFICATE_HOLD -> "certificateHold";
                case REMOVE_FROM_CRL -> "removeFromCRL";
                case PRIVILEGE_WITHDRAWN -> "privilegeWithdrawn";
                case AA_COMPROMISE -> "aACompromise";
                default -> reason.name();
            };
        }
    }

}
