package io.certgate.revocation;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * CRLs loaded from files, fixed once built, indexed by issuer name. A certificate is checked by
 * the RFC 5280 §6.3.3 rules ({@link CrlCheck}) against the CRLs in scope that are current,
 * understood, and signed by its issuer or another signer the path validator vouches for.
 * {@link WatchedCrlFiles} builds a new store whenever a file changes.
 */
public final class CrlStore implements RevocationChecker {

    private final Map<X500Principal, List<HeldCrl>> byIssuer;
    private final List<HeldCrl> all;
    private final long generation;
    private final CrlCheck check;

    private CrlStore(List<HeldCrl> crls, long generation) {
        Map<X500Principal, List<HeldCrl>> index = new HashMap<>();
        for (HeldCrl crl : crls) {
            index.computeIfAbsent(crl.crl().issuer(), k -> new ArrayList<>()).add(crl);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byIssuer = Map.copyOf(index);
        this.all = List.copyOf(crls);
        this.generation = generation;
        this.check = new CrlCheck(new CrlCheck.Supply() {
            @Override
            public List<HeldCrl> issuedBy(X500Principal issuer) {
                return CrlStore.this.issuedBy(issuer);
            }

            @Override
            public boolean downloads() {
                return false;
            }

            @Override
            public CrlCheck.Download download(URI url, Instant at) {
                return new CrlCheck.Download(List.of(), Optional.of("downloads are off"));
            }
        });
    }

    /** A store of the CRLs read from files; {@code generation} is what {@link #generation()} reports. */
    public static CrlStore of(List<CrlFile> files, long generation) {
        List<HeldCrl> crls = new ArrayList<>();
        for (CrlFile file : files) {
            for (CompactCrl crl : file.crls()) {
                crls.add(new HeldCrl(crl, "crl:" + file.path(), Duration.ZERO));
            }
        }
        return new CrlStore(crls, generation);
    }

    /** Reads the files and builds a store; the exception names the file that cannot be used. */
    public static CrlStore load(List<Path> files, long generation) throws io.certgate.x509.X509FileException {
        List<CrlFile> read = new ArrayList<>();
        for (Path file : files) {
            read.add(CrlFile.read(file));
        }
        return of(read, generation);
    }

    /** The CRLs of this issuer, complete and delta. */
    List<HeldCrl> issuedBy(X500Principal issuer) {
        return byIssuer.getOrDefault(issuer, List.of());
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public boolean hasSourceFor(X509Certificate certificate) {
        if (byIssuer.containsKey(certificate.getIssuerX500Principal())) {
            return true;
        }
        try {
            for (DistributionPoints.Point point : DistributionPoints.of(certificate)) {
                for (X500Principal name : point.crlIssuerNames(certificate.getIssuerX500Principal())) {
                    if (byIssuer.containsKey(name)) {
                        return true;
                    }
                }
            }
        } catch (RuntimeException malformed) {
            return false;
        }
        return false;
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at) {
        return check(certificate, issuer, at, CrlSigners.issuerOnly(issuer));
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at, CrlSigners signers) {
        return check.check(certificate, at, signers);
    }

    @Override
    public List<CrlSnapshot> crls() {
        List<CrlSnapshot> snapshots = new ArrayList<>();
        for (HeldCrl held : all) {
            snapshots.add(CrlSnapshot.of(held, Optional.empty(), 0, Optional.empty()));
        }
        return snapshots;
    }
}
