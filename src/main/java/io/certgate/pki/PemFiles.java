package io.certgate.pki;

import io.certgate.x509.PemBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/** Writes certificates, keys and CRLs as files openssl reads. */
public final class PemFiles {

    private PemFiles() {
    }

    public static String certificatePem(X509Certificate certificate) {
        try {
            return PemBlock.toPem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate we made cannot be encoded", e);
        }
    }

    public static String privateKeyPem(PrivateKey key) {
        return PemBlock.toPem("PRIVATE KEY", key.getEncoded());
    }

    public static String crlPem(X509CRL crl) {
        try {
            return PemBlock.toPem("X509 CRL", crl.getEncoded());
        } catch (CRLException e) {
            throw new IllegalStateException("a CRL we made cannot be encoded", e);
        }
    }

    /** Writes certificates, one PEM block each, in order. */
    public static Path writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        StringBuilder pem = new StringBuilder();
        certificates.forEach(c -> pem.append(certificatePem(c)));
        return write(file, pem.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes a PKCS#8 private key readable only by its owner (0600), as a private key file must be. */
    public static Path writePrivateKey(Path file, PrivateKey key) throws IOException {
        createParent(file);
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(file, privateKeyPem(key).getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    /** Writes a CRL as PEM or, when {@code der} is true, as raw DER. */
    public static Path writeCrl(Path file, X509CRL crl, boolean der) throws IOException {
        try {
            return write(file, der ? crl.getEncoded() : crlPem(crl).getBytes(StandardCharsets.US_ASCII));
        } catch (CRLException e) {
            throw new IOException("the CRL cannot be encoded", e);
        }
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        createParent(file);
        return Files.write(file, bytes);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
