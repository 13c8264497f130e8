package io.certgate.tls;

import io.certgate.x509.CertificateFiles;
import io.certgate.x509.KeyMatch;
import io.certgate.x509.X509FileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A site's server certificate chain (leaf first) and its private key, checked to belong together. */
public record ServerCredentials(PrivateKey key, List<X509Certificate> chain) {

    public ServerCredentials {
        chain = List.copyOf(chain);
    }

    /**
     * Reads and checks the pair.
     *
     * @throws X509FileException when a file cannot be read or the key does not belong to the certificate
     */
    public static ServerCredentials load(Path certificateFile, Path keyFile) throws X509FileException {
        return matched(CertificateFiles.readCertificates(certificateFile), certificateFile,
                CertificateFiles.readPrivateKey(keyFile), keyFile);
    }

    /**
     * Checks that a chain and a key already read belong together.
     *
     * @throws X509FileException when the key is not the first certificate's (the key file is the one to fix, usually)
     */
    public static ServerCredentials matched(List<X509Certificate> chain, Path certificateFile, PrivateKey key,
                                            Path keyFile) throws X509FileException {
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw new X509FileException(keyFile + ": this private key does not belong to the certificate in "
                    + certificateFile + " (the first certificate of the file must be the server's own)");
        }
        return new ServerCredentials(key, chain);
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        return KeyMatch.belongTogether(key, publicKey);
    }
}
