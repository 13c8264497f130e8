package io.certgate.revocation;

import io.certgate.x509.CertificateFiles;
import io.certgate.x509.UndecodableException;
import io.certgate.x509.X509FileException;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;

/** The CRLs of one file (a PEM file may hold several), parsed into their compact form. */
public final class CrlFile {

    /** A CRL file larger than this is refused rather than read into memory. */
    static final long MAX_CRL_FILE_BYTES = 512L * 1024 * 1024;

    private final Path path;
    private final List<CompactCrl> crls;

    private CrlFile(List<CompactCrl> crls, Path path) {
        this.path = path;
        this.crls = List.copyOf(crls);
    }

    /** CRLs the JDK already decoded (small ones, made by tests and tools), as if read from {@code path}. */
    public CrlFile(Path path, List<X509CRL> crls) {
        this(compact(path, crls), path);
    }

    /** Reads a PEM or DER CRL file; the exception names the file and what is wrong with it. */
    public static CrlFile read(Path file) throws X509FileException {
        List<CompactCrl> crls = new ArrayList<>();
        for (byte[] der : CertificateFiles.readCrlBlobs(file, MAX_CRL_FILE_BYTES)) {
            try {
                crls.add(CompactCrl.parse(der));
            } catch (MalformedCrlException e) {
                throw new UndecodableException(file + ": not a valid X.509 CRL: " + e.getMessage(), e);
            }
        }
        return new CrlFile(crls, file);
    }

    public Path path() {
        return path;
    }

    /** How many CRLs the file holds. */
    public int count() {
        return crls.size();
    }

    List<CompactCrl> crls() {
        return crls;
    }

    /**
     * The DER blobs of PEM or DER bytes that came from somewhere other than a file (a download).
     *
     * @throws MalformedCrlException when PEM holds no CRL or a broken block
     */
    static List<byte[]> blobs(byte[] bytes) throws MalformedCrlException {
        try {
            return CertificateFiles.parseCrlBlobs(bytes);
        } catch (X509FileException e) {
            throw new MalformedCrlException(e.getMessage(), e);
        }
    }

    private static List<CompactCrl> compact(Path path, List<X509CRL> crls) {
        List<CompactCrl> compact = new ArrayList<>();
        for (X509CRL crl : crls) {
            try {
                compact.add(CompactCrl.parse(crl.getEncoded()));
            } catch (CRLException | MalformedCrlException e) {
                throw new IllegalArgumentException(path + ": not a usable CRL: " + e.getMessage(), e);
            }
        }
        return compact;
    }
}
