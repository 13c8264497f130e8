package io.certgate.revocation;

import io.certgate.x509.CertificateFiles;
import io.certgate.x509.X509FileException;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;

/** The CRLs of one file (a PEM file may hold several), parsed. */
public record CrlFile(Path path, List<X509CRL> crls) {

    /** A CRL file larger than this is refused rather than read into memory. */
    static final long MAX_CRL_FILE_BYTES = 512L * 1024 * 1024;

    public CrlFile {
        crls = List.copyOf(crls);
    }

    /** Reads a PEM or DER CRL file; the exception names the file and what is wrong with it. */
    public static CrlFile read(Path file) throws X509FileException {
        List<X509CRL> crls = new ArrayList<>();
        for (byte[] der : CertificateFiles.readCrlBlobs(file, MAX_CRL_FILE_BYTES)) {
            try {
                crls.add((X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der)));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new X509FileException(file + ": not a valid X.509 CRL: " + e.getMessage(), e);
            }
        }
        return new CrlFile(file, crls);
    }
}
