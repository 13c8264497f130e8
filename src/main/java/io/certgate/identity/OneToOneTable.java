package io.certgate.identity;

import io.certgate.config.AccountConfig;
import io.certgate.config.ConfigError;
import io.certgate.config.FileRef;
import io.certgate.config.OneToOneMappingConfig;
import io.certgate.config.Origin;
import io.certgate.x509.CertificateFiles;
import io.certgate.x509.Fingerprint;
import io.certgate.x509.X509FileException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One-to-one mappings indexed by SHA-256 fingerprint: one hash lookup per certificate,
 * however many mappings there are. Disabled mappings stay in the table (marked) so that
 * explanations can say a mapping exists but is switched off.
 */
final class OneToOneTable {

    /**
     * One mapping.
     *
     * @param number 1-based position in {@code oneToOneMappings}, as the administrator counts
     */
    record Entry(int number, AccountConfig account, boolean enabled) {
        String mappedBy() {
            return "one-to-one mapping #" + number;
        }
    }

    /** HashMap's own default; the initial capacity is computed against it. */
    private static final float DEFAULT_LOAD_FACTOR = 0.75f;

    private final Map<Fingerprint, Entry> entries;
    private final int enabledCount;

    private OneToOneTable(Map<Fingerprint, Entry> entries, int enabledCount) {
        this.entries = entries;
        this.enabledCount = enabledCount;
    }

    /** Reads each mapping's certificate file or fingerprint; mistakes are added to {@code errors}. */
    static OneToOneTable compile(List<OneToOneMappingConfig> configs, Map<String, AccountConfig> accounts,
                                 List<ConfigError> errors) {
        // Sized for the final count up front: a million mappings should not rehash twenty times.
        Map<Fingerprint, Entry> entries = new HashMap<>((int) (configs.size() / DEFAULT_LOAD_FACTOR) + 1);
        int enabledCount = 0;
        for (int i = 0; i < configs.size(); i++) {
            OneToOneMappingConfig config = configs.get(i);
            Optional<Fingerprint> fingerprint = fingerprint(config, errors);
            AccountConfig account = accounts.get(config.userName());
            if (account == null) {
                errors.add(at(config.origin(), "userName").error("no account \"" + config.userName()
                        + "\" in this site's accounts"));
            }
            if (fingerprint.isEmpty() || account == null) {
                continue;
            }
            Entry previous = entries.putIfAbsent(fingerprint.get(), new Entry(i + 1, account, config.enabled()));
            if (previous != null) {
                Origin first = configs.get(previous.number() - 1).origin();
                errors.add(keyOrigin(config).error("the same certificate (SHA-256 " + fingerprint.get()
                        + ") is already mapped by one-to-one mapping #" + previous.number() + " at line " + first.line()
                        + "; a certificate maps to one account, so remove one of the two"));
            } else if (config.enabled()) {
                enabledCount++;
            }
        }
        return new OneToOneTable(entries, enabledCount);
    }

    /** The mapping for a certificate, enabled or not; null when there is none. */
    Entry find(Fingerprint fingerprint) {
        return entries.get(fingerprint);
    }

    int size() {
        return entries.size();
    }

    int enabledCount() {
        return enabledCount;
    }

    private static Optional<Fingerprint> fingerprint(OneToOneMappingConfig config, List<ConfigError> errors) {
        if (config.certificate().isPresent()) {
            FileRef file = config.certificate().get();
            try {
                // A client's PEM is often its chain, leaf first (what curl --cert takes): the leaf is the one mapped.
                X509Certificate leaf = CertificateFiles.readCertificates(file.path()).get(0);
                return Optional.of(Fingerprint.sha256(leaf));
            } catch (X509FileException e) {
                errors.add(file.origin().error(e.getMessage()));
                return Optional.empty();
            }
        }
        Optional<Fingerprint> parsed = config.sha256().flatMap(Fingerprint::parse);
        if (parsed.isEmpty()) {
            errors.add(at(config.origin(), "sha256").error("expected a certificate file or a SHA-256 fingerprint"
                    + " (64 hex digits, as openssl x509 -noout -fingerprint -sha256 prints)"));
        }
        return parsed;
    }

    /** Where the mapping names its certificate: the file's key when there is one, else the mapping. */
    private static Origin keyOrigin(OneToOneMappingConfig config) {
        return config.certificate().map(FileRef::origin).orElse(at(config.origin(), "sha256"));
    }

    private static Origin at(Origin mapping, String key) {
        return new Origin(mapping.file(), mapping.line(), mapping.key() + "." + key);
    }
}
