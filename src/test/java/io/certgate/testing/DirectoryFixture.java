package io.certgate.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import io.certgate.config.ConfigException;
import io.certgate.config.GatewayConfig;
import io.certgate.config.SiteConfig;
import io.certgate.directory.Directories;
import io.certgate.directory.DirectoryEvents;
import io.certgate.directory.Lookup;
import io.certgate.identity.CertificateMapper;
import io.certgate.pki.DemoDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A site whose {@code directoryMapping} asks a {@link DemoDirectory}, configured through YAML as
 * an administrator writes it, with a clock the test moves (cache ages never depend on the wall
 * clock) and a record of every lookup the client reports:
 *
 * <pre>{@code
 * try (DirectoryFixture site = DirectoryFixture.of(dir, pki, directory, "", "- { directory: corp, form: upn }")) {
 *     Identity identity = site.mapper().mapAsync(facts).join();
 * }
 * }</pre>
 */
public final class DirectoryFixture implements AutoCloseable {

    /** The clock the cache reads, in nanoseconds; starts far from zero so that "age" arithmetic is exercised. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final List<Lookup.Result> lookups = new CopyOnWriteArrayList<>();
    private final AtomicLong cacheHits = new AtomicLong();
    private final Directories directories;
    private final CertificateMapper mapper;
    private final GatewayConfig config;

    private DirectoryFixture(GatewayConfig config) throws ConfigException {
        this.config = config;
        Ticker ticker = nanos::get;
        this.directories = Directories.of(config.directories().values(), new DirectoryEvents() {
            @Override
            public void lookup(String directory, Lookup.Result result, long took) {
                lookups.add(result);
            }

            @Override
            public void cacheHit(String directory) {
                cacheHits.incrementAndGet();
            }
        }, ticker);
        SiteConfig site = config.sites().get(0);
        this.mapper = CertificateMapper.compile(site, directories);
    }

    /**
     * A directory {@code corp} at {@code directory} (bound as its service account, password in a
     * file), {@code options} added to it (YAML lines such as {@code cacheTtl: 1m}), and the site
     * keys (such as its {@code directoryMapping:} list and accounts).
     */
    public static DirectoryFixture of(Path dir, TestPki pki, String url, String options, String siteKeys)
            throws ConfigException {
        SiteYaml yaml = SiteYaml.in(dir, pki);
        yaml.file("secrets/ldap.pw", DemoDirectory.BIND_PASSWORD + "\n");
        return new DirectoryFixture(yaml.loadWith(directoriesYaml(url, options), siteKeys));
    }

    /** The {@code directories:} block for a demo directory. */
    public static String directoriesYaml(String url, String options) {
        return """
                directories:
                  corp:
                    url: %s
                    bindDn: %s
                    bindPassword: { file: secrets/ldap.pw }
                    baseDn: %s
                    userFilter: "(objectClass=user)"
                    userName: sAMAccountName
                    groups: memberOf
                    disabled: "(userAccountControl=%d)"
                """.formatted(url, DemoDirectory.BIND_DN, DemoDirectory.BASE_DN, DemoDirectory.DISABLED)
                + options.indent(4);
    }

    public CertificateMapper mapper() {
        return mapper;
    }

    public GatewayConfig config() {
        return config;
    }

    /** Moves the cache's clock on. */
    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    /** The results of the lookups that went to the directory, in order. */
    public List<Lookup.Result> lookups() {
        return List.copyOf(lookups);
    }

    public long cacheHits() {
        return cacheHits.get();
    }

    @Override
    public void close() {
        directories.close();
    }
}
