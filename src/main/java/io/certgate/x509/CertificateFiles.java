package io.certgate.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates, private keys and raw CRL bytes from files, PEM or DER.
 *
 * <p>A PEM file may hold several certificates (a chain, leaf first, or a bundle of roots).
 * Every failure is an {@link X509FileException} whose message names the file and the problem;
 * content that was read but cannot be decoded is its subclass {@link UndecodableException}.
 */
public final class CertificateFiles {

    /** File name endings read from a directory of trusted roots; the others are skipped. */
    private static final List<String> CERTIFICATE_FILE_ENDINGS = List.of(".pem", ".crt", ".cer", ".der");

    /** A file larger than this is not a certificate or key; refuse before reading it into memory. */
    private static final long MAX_CERTIFICATE_FILE_BYTES = 16L * 1024 * 1024;

    private CertificateFiles() {
    }

    /** Every certificate in one PEM or DER file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws X509FileException {
        byte[] bytes = readBounded(file, MAX_CERTIFICATE_FILE_BYTES);
        List<X509Certificate> certificates = parseCertificates(bytes, file.toString());
        if (certificates.isEmpty()) {
            throw new UndecodableException(file + ": no certificate found (expected PEM \"CERTIFICATE\" blocks or DER)");
        }
        return certificates;
    }

    /**
     * Certificates from a file, or from every {@code .pem .crt .cer .der} file of a directory
     * (not recursive), in name order.
     */
    public static List<X509Certificate> readCertificatesFromFileOrDirectory(Path path) throws X509FileException {
        if (!Files.isDirectory(path)) {
            return readCertificates(path);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString().toLowerCase(Locale.ROOT);
                if (Files.isRegularFile(entry) && CERTIFICATE_FILE_ENDINGS.stream().anyMatch(name::endsWith)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new X509FileException(path + ": cannot list directory: " + e.getMessage(), e);
        }
        files.sort(null);
        List<X509Certificate> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(readCertificates(file));
        }
        if (all.isEmpty()) {
            throw new UndecodableException(path + ": directory holds no certificate files (.pem .crt .cer .der)");
        }
        return all;
    }

    /** Certificates in PEM or DER bytes; {@code name} is used in error messages. */
    public static List<X509Certificate> parseCertificates(byte[] bytes, String name) throws UndecodableException {
        List<byte[]> ders = new ArrayList<>();
        if (PemBlock.looksLikePem(bytes)) {
            for (PemBlock block : pemBlocks(bytes, name)) {
                if (block.type().equals("CERTIFICATE") || block.type().equals("X509 CERTIFICATE")
                        || block.type().equals("TRUSTED CERTIFICATE")) {
                    ders.add(block.der());
                }
            }
        } else {
            ders.add(bytes);
        }
        List<X509Certificate> certificates = new ArrayList<>(ders.size());
        for (int i = 0; i < ders.size(); i++) {
            certificates.add(parseCertificate(ders.get(i), ders.size() == 1 ? name
                    : name + " (certificate " + (i + 1) + " of " + ders.size() + ")"));
        }
        return certificates;
    }

    /** One DER-encoded certificate. */
    public static X509Certificate parseCertificate(byte[] der, String name) throws UndecodableException {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
            // The JDK reads one certificate from the front and ignores what follows; DER is exact.
            int length = certificate.getEncoded().length;
            if (length != der.length) {
                throw new UndecodableException(name + ": not a valid X.509 certificate: " + (der.length - length)
                        + " bytes follow the certificate's DER encoding (" + length + " bytes)");
            }
            return certificate;
        } catch (CertificateException | RuntimeException e) {
            throw new UndecodableException(name + ": not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The DER bytes of every CRL in a PEM ({@code X509 CRL}) or DER file. The bytes are
     * returned unparsed because a large CRL is indexed by the revocation store, not by the
     * JDK's object-per-entry parser.
     */
    public static List<byte[]> readCrlBlobs(Path file, long maxBytes) throws X509FileException {
        byte[] bytes = readBounded(file, maxBytes);
        try {
            return parseCrlBlobs(bytes);
        } catch (UndecodableException e) {
            throw new UndecodableException(file + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #readCrlBlobs}, for bytes from elsewhere (a download); the message names no source. */
    public static List<byte[]> parseCrlBlobs(byte[] bytes) throws UndecodableException {
        if (!PemBlock.looksLikePem(bytes)) {
            return List.of(bytes);
        }
        List<byte[]> blobs = new ArrayList<>();
        List<PemBlock> blocks;
        try {
            blocks = PemBlock.parseAll(new String(bytes, StandardCharsets.US_ASCII));
        } catch (X509FileException e) {
            throw new UndecodableException(e.getMessage(), e);
        }
        for (PemBlock block : blocks) {
            if (block.type().equals("X509 CRL")) {
                blobs.add(block.der());
            }
        }
        if (blobs.isEmpty()) {
            throw new UndecodableException("no CRL found (expected a PEM \"X509 CRL\" block or DER)");
        }
        return blobs;
    }

    /**
     * The private key in a PEM file: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY})
     * or SEC 1 ({@code EC PRIVATE KEY}), as openssl writes them. Encrypted keys are refused with
     * the command that decrypts them.
     */
    public static PrivateKey readPrivateKey(Path file) throws X509FileException {
        byte[] bytes = readBounded(file, MAX_CERTIFICATE_FILE_BYTES);
        try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof PrivateKeyInfo info) {
                    return jdkPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    return jdkPrivateKey(pair.getPrivateKeyInfo());
                }
                if (item instanceof PKCS8EncryptedPrivateKeyInfo || item instanceof org.bouncycastle.openssl.PEMEncryptedKeyPair) {
                    throw new X509FileException(file + ": the private key is encrypted; certgate needs it"
                            + " unencrypted and readable only by its user (openssl pkey -in KEY -out PLAIN.key)");
                }
            }
        } catch (X509FileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new X509FileException(file + ": not a readable PEM private key: " + e.getMessage(), e);
        }
        throw new X509FileException(file + ": no private key found (expected PEM \"PRIVATE KEY\","
                + " \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\")");
    }

    /** The JDK's own key algorithm names by key OID (RFC 5480, RFC 8017, RFC 8410). */
    private static final java.util.Map<String, String> JDK_KEY_ALGORITHMS = java.util.Map.of(
            "1.2.840.10045.2.1", "EC", "1.2.840.113549.1.1.1", "RSA", "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.3.101.112", "Ed25519", "1.3.101.113", "Ed448", "1.2.840.10040.4.1", "DSA");

    /**
     * The key made by the JDK's providers, named as the JDK names them: Bouncy Castle's PEM
     * converter asks for "ECDSA", which only Bouncy Castle's provider offers once it is
     * registered (see {@link SignatureProvider}), and its keys are not the JDK's.
     */
    private static PrivateKey jdkPrivateKey(PrivateKeyInfo info) throws IOException {
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        try {
            return java.security.KeyFactory.getInstance(JDK_KEY_ALGORITHMS.getOrDefault(oid, oid))
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("key algorithm " + oid + ": " + e.getMessage(), e);
        }
    }

    /** The PEM blocks of a file, with the file named in any error. */
    private static List<PemBlock> pemBlocks(byte[] bytes, String name) throws UndecodableException {
        try {
            return PemBlock.parseAll(new String(bytes, StandardCharsets.US_ASCII));
        } catch (X509FileException e) {
            throw new UndecodableException(name + ": " + e.getMessage(), e);
        }
    }

    static byte[] readBounded(Path file, long maxBytes) throws X509FileException {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new X509FileException(file + ": file is " + size + " bytes, more than the limit of " + maxBytes);
            }
            return Files.readAllBytes(file);
        } catch (X509FileException e) {
            throw e;
        } catch (IOException e) {
            throw new X509FileException(file + ": cannot read: " + describe(e), e);
        }
    }

    /** An I/O failure in words an administrator reads: "permission denied", not AccessDeniedException. */
    public static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            // createDirectories' way of saying that a file sits where a directory should be
            case "FileAlreadyExistsException", "NotDirectoryException" -> e.getMessage() + " is not a directory";
            default -> e.getMessage() == null ? type : e.getMessage();
        };
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    }
}
