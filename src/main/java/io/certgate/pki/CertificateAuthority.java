package io.certgate.pki;

import io.certgate.x509.CertificateFiles;
import io.certgate.x509.DistinguishedName;
import io.certgate.x509.X509FileException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small CA kept in a directory, for {@code certgate pki}: a root, optionally an intermediate
 * that does the issuing, the state of what was issued and revoked ({@link CaState}), and CRLs.
 *
 * <pre>
 * DIR/root.pem DIR/root.key                   (keys 0600, DIR 0700 when created here)
 * DIR/intermediate.pem DIR/intermediate.key   (with --intermediate)
 * DIR/ca.json                                 issued certificates, revocations, next CRL number
 * DIR/crl.pem                                 the issuing CA's CRL, rewritten by revoke and crl
 * </pre>
 */
public final class CertificateAuthority {

    public static final String ROOT_CERTIFICATE = "root.pem";
    public static final String ROOT_KEY = "root.key";
    public static final String INTERMEDIATE_CERTIFICATE = "intermediate.pem";
    public static final String INTERMEDIATE_KEY = "intermediate.key";
    public static final String STATE = "ca.json";
    public static final String CRL = "crl.pem";
    /** A root for trying things out lives ten years, its intermediate five: longer than any test, shorter than forever. */
    static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(1825);

    /** A file a command wrote, and what it holds, for the command to print. */
    public record Written(Path file, String what) {
    }

    private final Path dir;
    private final Credential issuer;
    private CaState state;

    private CertificateAuthority(Path dir, Credential issuer, CaState state) {
        this.dir = dir;
        this.issuer = issuer;
        this.state = state;
    }

    /**
     * Creates a CA in {@code dir}: a root named {@code rootName} and, when {@code intermediateName}
     * is given, an intermediate that issues. Refuses a directory that already holds a CA.
     */
    public static List<Written> init(Path dir, String rootName, Optional<String> intermediateName, KeyType keyType,
                                     Instant now) throws PkiException, IOException {
        if (Files.exists(dir.resolve(ROOT_KEY)) || Files.exists(dir.resolve(STATE))) {
            throw new PkiException(dir + " already holds a CA (" + ROOT_KEY + ", " + STATE + "); use another --dir");
        }
        createPrivateDirectory(dir);
        Credential root = mint(() -> Credential.builder().subject(rootName).keyType(keyType).now(now)
                .certificateAuthority(intermediateName.isPresent() ? 1 : 0).validFor(ROOT_VALIDITY).build(), rootName);
        List<Written> written = new ArrayList<>();
        written.add(new Written(root.writeCertificate(dir.resolve(ROOT_CERTIFICATE)), "root CA certificate " + describe(root)));
        written.add(new Written(root.writeKey(dir.resolve(ROOT_KEY)), "root CA private key (owner-only)"));
        Credential issuing = root;
        if (intermediateName.isPresent()) {
            issuing = mint(() -> Credential.builder().subject(intermediateName.get()).keyType(keyType).now(now)
                    .certificateAuthority(0).issuedBy(root).validFor(INTERMEDIATE_VALIDITY).build(), intermediateName.get());
            written.add(new Written(issuing.writeCertificate(dir.resolve(INTERMEDIATE_CERTIFICATE)),
                    "intermediate CA certificate " + describe(issuing)));
            written.add(new Written(issuing.writeKey(dir.resolve(INTERMEDIATE_KEY)), "intermediate CA private key (owner-only)"));
        }
        CertificateAuthority ca = new CertificateAuthority(dir, issuing,
                new CaState(intermediateName.isPresent() ? "intermediate" : "root", 1, List.of()));
        ca.save();
        written.add(new Written(dir.resolve(STATE), "CA state: issued and revoked certificates, next CRL number"));
        written.add(ca.writeCrl(dir.resolve(CRL), false, now, RevocationDefaults.CRL_VALIDITY));
        return written;
    }

    /** Opens the CA in {@code dir}. */
    public static CertificateAuthority open(Path dir) throws PkiException {
        if (!Files.exists(dir.resolve(STATE))) {
            throw new PkiException(dir + " holds no CA (no " + STATE + "); create one with: certgate pki init --dir " + dir);
        }
        CaState state = CaState.read(dir.resolve(STATE));
        Credential root = load(dir, ROOT_CERTIFICATE, ROOT_KEY, List.of());
        Credential issuer = state.issuer().equals("intermediate")
                ? load(dir, INTERMEDIATE_CERTIFICATE, INTERMEDIATE_KEY, root.chain()) : root;
        return new CertificateAuthority(dir, issuer, state);
    }

    /**
     * Signs what {@code details} describes (subject, purposes, names, validity, key type) with the
     * issuing CA and records it under {@code name}.
     */
    public Credential issue(Credential.Builder details, String name) throws PkiException, IOException {
        Credential issued = mint(() -> details.issuedBy(issuer).build(), name);
        X509Certificate certificate = issued.certificate();
        state = state.with(new CaState.Entry(hex(certificate.getSerialNumber()),
                DistinguishedName.of(certificate.getSubjectX500Principal()).rfc4514(), name,
                certificate.getNotBefore().toInstant().toString(), certificate.getNotAfter().toInstant().toString(), null));
        save();
        return issued;
    }

    /** The serial of a certificate this CA signed (read from a PEM or DER file), checked against the issuer's key. */
    public BigInteger serialOf(Path certificateFile) throws PkiException {
        X509Certificate certificate;
        try {
            certificate = CertificateFiles.readCertificates(certificateFile).get(0);
        } catch (X509FileException e) {
            throw new PkiException(e.getMessage(), e);
        }
        try {
            certificate.verify(issuer.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new PkiException(certificateFile + ": not signed by this CA ("
                    + DistinguishedName.of(issuer.certificate().getSubjectX500Principal()).rfc4514() + ")");
        }
        if (state.find(hex(certificate.getSerialNumber())).isEmpty()) {
            state = state.with(new CaState.Entry(hex(certificate.getSerialNumber()),
                    DistinguishedName.of(certificate.getSubjectX500Principal()).rfc4514(), certificateFile.toString(),
                    certificate.getNotBefore().toInstant().toString(), certificate.getNotAfter().toInstant().toString(), null));
        }
        return certificate.getSerialNumber();
    }

    /**
     * Marks the certificate revoked from {@code at}; false (and nothing changes) when it already was.
     *
     * @throws PkiException when this CA never issued that serial
     */
    public boolean revoke(BigInteger serial, CrlReason reason, Instant at) throws PkiException, IOException {
        CaState.Entry entry = state.find(hex(serial)).orElseThrow(() -> new PkiException("serial " + hex(serial)
                + " was not issued by this CA (it is not in " + dir.resolve(STATE) + ")"));
        if (entry.revoked() != null) {
            return false;
        }
        state = state.with(entry.revoke(new CaState.Revocation(at.toString(), reason.rfcName())));
        save();
        return true;
    }

    /** The subject recorded for a serial, for messages. */
    public String subjectOf(BigInteger serial) {
        return state.find(hex(serial)).map(CaState.Entry::subject).orElse("serial " + hex(serial));
    }

    /**
     * Writes a fresh CRL of every revoked certificate, signed by the issuing CA, with the next CRL
     * number: thisUpdate a little before {@code now} (for clocks a little behind), nextUpdate after {@code validity}.
     */
    public Written writeCrl(Path file, boolean der, Instant now, Duration validity) throws IOException {
        RevocationList.Builder crl = RevocationList.builder(issuer).thisUpdate(now.minus(RevocationDefaults.BACKDATE))
                .nextUpdate(now.plus(validity)).number(BigInteger.valueOf(state.nextCrlNumber()));
        int revoked = 0;
        for (CaState.Entry entry : state.certificates()) {
            if (entry.revoked() != null) {
                crl.revoke(new BigInteger(entry.serial(), 16), Instant.parse(entry.revoked().at()),
                        CrlReason.parse(entry.revoked().reason()).orElse(CrlReason.UNSPECIFIED));
                revoked++;
            }
        }
        X509CRL built = crl.build();
        PemFiles.writeCrl(file, built, der);
        state = state.nextCrl();
        save();
        return new Written(file, (der ? "DER" : "PEM") + " CRL number " + (state.nextCrlNumber() - 1) + " of "
                + DistinguishedName.of(issuer.certificate().getSubjectX500Principal()).rfc4514() + ", " + revoked
                + " revoked, next update " + now.plus(validity));
    }

    /** Lower-case hex in whole bytes (a leading 0 where needed), as openssl prints serials without colons. */
    public static String hex(BigInteger serial) {
        String hex = serial.toString(16);
        return hex.length() % 2 == 1 ? "0" + hex : hex;
    }

    static String describe(Credential credential) {
        X509Certificate c = credential.certificate();
        return DistinguishedName.of(c.getSubjectX500Principal()).rfc4514() + ", serial " + hex(c.getSerialNumber())
                + ", valid until " + c.getNotAfter().toInstant();
    }

    private void save() throws IOException {
        state.write(dir.resolve(STATE));
    }

    private static Credential load(Path dir, String certificate, String key, List<X509Certificate> issuerChain)
            throws PkiException {
        try {
            X509Certificate cert = CertificateFiles.readCertificates(dir.resolve(certificate)).get(0);
            return new Credential(cert, new KeyPair(cert.getPublicKey(), CertificateFiles.readPrivateKey(dir.resolve(key))),
                    issuerChain);
        } catch (X509FileException e) {
            throw new PkiException(e.getMessage(), e);
        }
    }

    /** Builder mistakes (a malformed subject, an IP that is not one) become messages, not stack traces. */
    private static Credential mint(java.util.function.Supplier<Credential> build, String what) throws PkiException {
        try {
            return build.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PkiException("cannot make the certificate " + what + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return; // an existing directory keeps the permissions its owner gave it
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** CRL timing defaults. */
    public static final class RevocationDefaults {
        /** A CRL's thisUpdate is set this far back, so that a verifier whose clock is a little behind accepts it. */
        public static final Duration BACKDATE = Duration.ofMinutes(5);
        /** nextUpdate of a CRL written without --days: a week, as many CAs publish. */
        public static final Duration CRL_VALIDITY = Duration.ofDays(7);

        private RevocationDefaults() {
        }
    }
}
