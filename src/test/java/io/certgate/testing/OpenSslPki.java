package io.certgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PKI made by the openssl CLI, the way an administrator makes one: a root (RSA), an
 * intermediate (EC) run as an {@code openssl ca} with its index database, certificates signed
 * from CSRs, revocation with {@code openssl ca -revoke} and CRLs with {@code -gencrl}. Used as
 * interop fixtures: certgate must accept what openssl produces.
 */
public final class OpenSslPki {

    private static final String CA_CONFIG = """
            [ ca ]
            default_ca = intermediate
            [ intermediate ]
            database = index.txt
            new_certs_dir = issued
            certificate = intermediate.pem
            private_key = intermediate.key
            serial = serial
            crlnumber = crlnumber
            default_md = sha256
            default_days = 30
            default_crl_days = 7
            policy = anything
            copy_extensions = copy
            unique_subject = no
            [ anything ]
            commonName = supplied
            organizationName = optional
            organizationalUnitName = optional
            [ client ]
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = clientAuth
            [ server ]
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = serverAuth
            subjectAltName = DNS:localhost, IP:127.0.0.1
            """;

    private final Path dir;

    private OpenSslPki(Path dir) {
        this.dir = dir;
    }

    /** Creates root.pem/key and intermediate.pem/key in {@code dir} and the CA database. */
    public static OpenSslPki create(Path dir) {
        OpenSslPki pki = new OpenSslPki(dir);
        try {
            Files.createDirectories(dir.resolve("issued"));
            Files.writeString(dir.resolve("ca.cnf"), CA_CONFIG);
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("serial"), "1000\n");
            Files.writeString(dir.resolve("crlnumber"), "1000\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem",
                "-days", "60", "-subj", "/O=OpenSSL Interop/CN=OpenSSL Root CA",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        pki.openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "intermediate.key", "-out", "intermediate.csr",
                "-subj", "/O=OpenSSL Interop/CN=OpenSSL Issuing CA");
        pki.openssl("x509", "-req", "-in", "intermediate.csr", "-CA", "root.pem", "-CAkey", "root.key",
                "-CAcreateserial", "-days", "50", "-out", "intermediate.pem", "-extfile", "/dev/stdin");
        return pki;
    }

    /** Issues {@code name.pem} and {@code name.key} from a CSR, with the [client] or [server] extensions. */
    public OpenSslPki issue(String name, String subject, String extensions) {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("ca", "-batch", "-config", "ca.cnf", "-extensions", extensions, "-in", name + ".csr", "-out", name + ".pem",
                "-notext");
        return this;
    }

    /** Marks a certificate revoked in the CA database. */
    public OpenSslPki revoke(String name, String reason) {
        openssl("ca", "-config", "ca.cnf", "-revoke", name + ".pem", "-crl_reason", reason);
        return this;
    }

    /** Writes the intermediate's CRL as {@code file} in PEM, or DER when {@code der}. */
    public OpenSslPki crl(String file, boolean der) {
        openssl("ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem");
        if (der) {
            openssl("crl", "-in", "crl.pem", "-outform", "DER", "-out", file);
        } else {
            openssl("crl", "-in", "crl.pem", "-out", file);
        }
        return this;
    }

    /** Concatenates files (a chain file for a client or server). */
    public Path concat(String target, String... sources) {
        try {
            StringBuilder text = new StringBuilder();
            for (String source : sources) {
                text.append(Files.readString(dir.resolve(source)));
            }
            return Files.writeString(dir.resolve(target), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public Processes.Result openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        String stdin = args[0].equals("x509") ? "basicConstraints=critical,CA:TRUE,pathlen:0\n"
                + "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n" : null;
        Processes.Result result = Processes.run(command, dir, stdin, 60);
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed:\n" + result.all());
        }
        return result;
    }
}
