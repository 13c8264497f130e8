package io.certgate.identity;

import io.certgate.config.AccountConfig;
import io.certgate.config.ConfigError;
import io.certgate.config.ConfigException;
import io.certgate.config.ManyToOneMappingConfig;
import io.certgate.config.MappingRuleConfig;
import io.certgate.config.Origin;
import io.certgate.config.PermissionMode;
import io.certgate.config.SiteConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.Fingerprint;
import io.certgate.config.DirectoryMappingConfig;
import io.certgate.directory.Directories;
import io.certgate.directory.DirectoryClient;
import io.certgate.directory.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Maps a site's valid client certificates to its accounts, the way IIS does:
 *
 * <ol>
 *   <li><b>One-to-one first.</b> A certificate (its file, or its SHA-256 fingerprint) that has
 *       a one-to-one mapping maps to that account. One hash lookup, however many there are.</li>
 *   <li><b>Then directory mappings, in order.</b> Each looks the certificate up in its directory
 *       (on the directory's executor, never the caller's thread); the first that finds exactly one
 *       entry decides (several: 403.12; the directory down: 503); none found tries the next.</li>
 *   <li><b>Then many-to-one, in order, first match decides.</b> A mapping matches when
 *       <em>all</em> of its rules match; a rule matches when <em>any</em> value of its field
 *       matches its pattern (each value of a repeated attribute or multi-valued RDN on its
 *       own; text compared in {@link io.certgate.x509.StringPreparation}'s form), and never when the field is
 *       absent. The account is the mapping's, never read from the certificate. The first matching mapping
 *       allows as its account or, with {@code permissionMode: deny}, denies (403.12).</li>
 *   <li><b>Otherwise no account:</b> {@link Identity.CertificateOnly}; the location's access
 *       rule decides whether that is enough.</li>
 * </ol>
 *
 * A mapping with {@code enabled: false} is skipped as if absent. A mapping to a disabled
 * account denies (403.12) rather than falling through to later mappings: the administrator
 * disabled the account precisely to stop that certificate.
 *
 * <p>Everything is compiled when the configuration loads; {@link #map} reads only in-memory,
 * immutable state and is safe to call from any thread. {@link #mapAsync} is what the request
 * path calls: without directory mappings its answer is complete at once.
 */
public final class CertificateMapper {

    private final OneToOneTable oneToOne;
    /** Every many-to-one mapping in order, disabled ones too, for explanations. */
    private final List<ManyToOneMapping> manyToOne;
    /** The enabled many-to-one mappings in order: what {@link #map} walks. */
    private final ManyToOneMapping[] active;
    /** The directory mappings in order. */
    private final DirectoryMapping[] directory;
    /** Results of long scans by certificate fingerprint (mapping is a pure function of the certificate). */
    private final Cache<Fingerprint, Identity> scanned = Caffeine.newBuilder().maximumSize(REMEMBERED_SCANS).executor(Runnable::run).build();

    /** Below this many many-to-one mappings, scanning is cheaper than remembering (about 40 ns a mapping). */
    static final int SCAN_WORTH_REMEMBERING = 64;
    /** Distinct certificates whose scan results are remembered. */
    static final int REMEMBERED_SCANS = 100_000;

    private CertificateMapper(OneToOneTable oneToOne, List<DirectoryMapping> directory,
                              List<ManyToOneMapping> manyToOne) {
        this.oneToOne = oneToOne;
        this.directory = directory.toArray(new DirectoryMapping[0]);
        this.manyToOne = List.copyOf(manyToOne);
        this.active = manyToOne.stream().filter(ManyToOneMapping::enabled).toArray(ManyToOneMapping[]::new);
    }

    /** A mapper for a site without mappings: every valid certificate is {@link Identity.CertificateOnly}. */
    public static CertificateMapper none() {
        return new CertificateMapper(OneToOneTable.compile(List.of(), java.util.Map.of(), new ArrayList<>()), List.of(),
                List.of());
    }

    /**
     * Compiles a site's accounts and mappings (reads one-to-one certificate files). Errors name
     * {@code file:line: key} via each config record's Origin.
     *
     * @throws ConfigException with every mistake found: an unreadable certificate file, the
     *                         same certificate mapped twice, a name that is not an account
     */
    public static CertificateMapper compile(SiteConfig site) throws ConfigException {
        return compile(site, Directories.NONE);
    }

    /** As {@link #compile(SiteConfig)}, with the clients its {@code directoryMapping} entries name. */
    public static CertificateMapper compile(SiteConfig site, Directories directories) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        OneToOneTable oneToOne = OneToOneTable.compile(site.oneToOneMappings(), site.accounts(), errors);
        List<DirectoryMapping> directory = new ArrayList<>();
        for (DirectoryMappingConfig config : site.directoryMappings()) {
            Optional<DirectoryClient> client = directories.get(config.directory());
            if (client.isEmpty()) {
                errors.add(at(config.origin(), "directory").error("no directory \"" + config.directory() + "\""));
            } else {
                directory.add(new DirectoryMapping(directory.size() + 1, config, client.get()));
            }
        }
        List<ManyToOneMapping> manyToOne = new ArrayList<>();
        for (ManyToOneMappingConfig config : site.manyToOneMappings()) {
            compile(config, site, errors, manyToOne);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new CertificateMapper(oneToOne, directory, manyToOne);
    }

    private static void compile(ManyToOneMappingConfig config, SiteConfig site, List<ConfigError> errors,
                                List<ManyToOneMapping> into) {
        AccountConfig account = null;
        if (config.permissionMode() == PermissionMode.ALLOW) {
            account = config.userName().map(site.accounts()::get).orElse(null);
            if (account == null) {
                errors.add(at(config.origin(), "userName").error("permissionMode: allow needs userName to name an"
                        + " account of this site, got " + config.userName().map(u -> "\"" + u + "\"").orElse("none")));
            }
        }
        List<FieldRule> rules = new ArrayList<>();
        for (MappingRuleConfig rule : config.rules()) {
            boolean fits = rule.certificateField().holdsOids() ? rule.certificateSubField().isEmpty()
                    : rule.certificateSubField().filter(sub -> sub.fits(rule.certificateField())).isPresent();
            if (!fits) {
                errors.add(at(rule.origin(), "certificateSubField").error(rule.certificateSubField()
                        .map(Object::toString).orElse("no sub-field") + " is not a sub-field of " + rule.certificateField()));
            } else if (!rule.certificateField().holdsOids() && FieldRule.preparesToNothing(rule.matchCriteria())) {
                errors.add(at(rule.origin(), "matchCriteria").error("\"" + rule.matchCriteria() + "\" is only spaces and"
                        + " invisible characters, which names are compared without; use \"*\" to match any value"));
            } else {
                rules.add(FieldRule.compile(rule));
            }
        }
        if (config.rules().isEmpty()) {
            // Fail closed: a mapping without rules would match every certificate.
            errors.add(at(config.origin(), "rules").error("required: at least one rule"));
        }
        into.add(new ManyToOneMapping(config.name(), config.permissionMode(), account, config.enabled(), rules));
    }

    /** True when the site has any enabled mapping. */
    public boolean hasMappings() {
        return oneToOne.enabledCount() > 0 || active.length > 0 || directory.length > 0;
    }

    /**
     * The identity of a VALID certificate, as {@link #map}, with directory lookups. Complete at
     * once when no directory is asked (or its answer is cached); otherwise completed on the
     * directory's executor. Never completes exceptionally.
     */
    public CompletableFuture<Identity> mapAsync(CertificateFacts certificate) {
        if (directory.length == 0) {
            return CompletableFuture.completedFuture(map(certificate));
        }
        OneToOneTable.Entry entry = oneToOne.find(certificate.fingerprint());
        if (entry != null && entry.enabled()) {
            return CompletableFuture.completedFuture(Accounts.identity(entry.account(), certificate, entry.mappedBy()));
        }
        return fromDirectory(certificate, 0);
    }

    private CompletableFuture<Identity> fromDirectory(CertificateFacts certificate, int first) {
        for (int i = first; i < directory.length; i++) {
            DirectoryMapping mapping = directory[i];
            Optional<Query> query = mapping.query(certificate);
            if (query.isEmpty()) {
                continue;
            }
            int next = i + 1;
            return mapping.find(query.get()).thenCompose(lookup -> {
                Identity decided = mapping.decide(certificate, lookup).identity();
                return decided != null ? CompletableFuture.completedFuture(decided) : fromDirectory(certificate, next);
            });
        }
        return CompletableFuture.completedFuture(manyToOneOrNone(certificate));
    }

    /**
     * The identity of a VALID certificate: {@link Identity.Account}, {@link Identity.Denied}, or
     * {@link Identity.CertificateOnly} when nothing matched. Allocates only the result.
     */
    public Identity map(CertificateFacts certificate) {
        if (directory.length > 0) {
            // Waits for the directory: fine for tools, never for an event loop (the request path uses mapAsync).
            return mapAsync(certificate).join();
        }
        OneToOneTable.Entry entry = oneToOne.find(certificate.fingerprint());
        if (entry != null && entry.enabled()) {
            return Accounts.identity(entry.account(), certificate, entry.mappedBy());
        }
        return manyToOneOrNone(certificate);
    }

    private Identity manyToOneOrNone(CertificateFacts certificate) {
        if (active.length < SCAN_WORTH_REMEMBERING) {
            return scan(certificate);
        }
        // A long ordered scan is worth doing once per certificate, not once per connection.
        Identity known = scanned.getIfPresent(certificate.fingerprint());
        if (known == null) {
            known = scan(certificate);
            scanned.put(certificate.fingerprint(), known);
        }
        return known;
    }

    /** Walks the enabled many-to-one mappings in order; the first whose rules all match decides. */
    Identity scan(CertificateFacts certificate) {
        for (ManyToOneMapping mapping : active) {
            if (mapping.matches(certificate)) {
                return mapping.decide(certificate);
            }
        }
        return new Identity.CertificateOnly(certificate);
    }

    /** The same decision as {@link #map}, with the reasoning for {@code certgate explain}. */
    public MappingReport explain(CertificateFacts certificate) {
        return new MappingExplainer(oneToOne, List.of(directory), manyToOne).explain(certificate);
    }

    private static Origin at(Origin origin, String key) {
        return new Origin(origin.file(), origin.line(), origin.key() + "." + key);
    }
}
