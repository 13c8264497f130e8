package io.certgate.identity;

import io.certgate.config.AccessRuleConfig;
import io.certgate.config.AccountConfig;
import io.certgate.config.AdvertiseConfig;
import io.certgate.config.AdvertiseMode;
import io.certgate.config.CertificateField;
import io.certgate.config.CertificateSubField;
import io.certgate.config.CertificatePoliciesConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.config.ClientCertificatesConfig;
import io.certgate.config.FileRef;
import io.certgate.config.LocationConfig;
import io.certgate.config.ManyToOneMappingConfig;
import io.certgate.config.MappingRuleConfig;
import io.certgate.config.OcspMode;
import io.certgate.config.OnUnavailable;
import io.certgate.config.OneToOneMappingConfig;
import io.certgate.config.Origin;
import io.certgate.config.PermissionMode;
import io.certgate.config.RevocationConfig;
import io.certgate.config.RevocationScope;
import io.certgate.config.SiteConfig;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What mapping a certificate to an account costs at scale: a site with 1,000,000 one-to-one
 * mappings and 10,000 many-to-one mappings (each with two rules, case-insensitive wildcards),
 * looked up for a certificate that maps one-to-one, one that only the last many-to-one mapping
 * matches (the worst case of an ordered scan), and one that nothing maps. The mapper remembers
 * long scans by fingerprint; {@code orderedScan*} measure the scan itself (a certificate's first
 * sight), the others what every later connection pays. Kept beside the mapper, not in the bench
 * package, to reach the package-private scan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MappingBenchmark {

    static final int ONE_TO_ONE = 1_000_000;
    static final int MANY_TO_ONE = 10_000;
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private CertificateMapper mapper;
    private CertificateFacts oneToOne;
    private CertificateFacts lastManyToOne;
    private CertificateFacts unmapped;

    @Setup
    public void setUp() throws Exception {
        TestPki pki = TestPki.create(NOW);
        oneToOne = CertificateFacts.of(pki.client("mapped-one-to-one").build().certificate());
        lastManyToOne = CertificateFacts.of(io.certgate.pki.Credential.builder()
                .subject("CN=worker,OU=dept-" + (MANY_TO_ONE - 1) + "-east,O=certgate tests").clientAuth()
                .issuedBy(pki.intermediate()).now(NOW).build().certificate());
        unmapped = CertificateFacts.of(pki.client("nobody").build().certificate());

        Origin origin = new Origin(Path.of("bench.yaml"), 1, "bench");
        Map<String, AccountConfig> accounts = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            accounts.put("user" + i, new AccountConfig("user" + i, List.of("group" + i), true, origin));
        }
        List<OneToOneMappingConfig> oneToOneMappings = new ArrayList<>(ONE_TO_ONE);
        Random random = new Random(1);
        byte[] digest = new byte[32];
        for (int i = 0; i < ONE_TO_ONE - 1; i++) {
            random.nextBytes(digest);
            oneToOneMappings.add(new OneToOneMappingConfig(Optional.empty(), Optional.of(HexFormat.of().formatHex(digest)),
                    "user" + (i % 10), true, origin));
        }
        oneToOneMappings.add(new OneToOneMappingConfig(Optional.empty(), Optional.of(oneToOne.fingerprint().hex()),
                "user1", true, origin));
        List<ManyToOneMappingConfig> manyToOneMappings = new ArrayList<>(MANY_TO_ONE);
        for (int i = 0; i < MANY_TO_ONE; i++) {
            manyToOneMappings.add(new ManyToOneMappingConfig("dept-" + i, PermissionMode.ALLOW, Optional.of("user" + (i % 10)),
                    true, List.of(
                            new MappingRuleConfig(CertificateField.SUBJECT, CertificateSubField.OU, "DEPT-" + i + "-*", false, origin),
                            new MappingRuleConfig(CertificateField.SUBJECT, CertificateSubField.O, "certgate *", true, origin)),
                    origin));
        }
        FileRef none = new FileRef(Path.of("unused"), origin);
        SiteConfig site = new SiteConfig("bench", List.of("*"), none, none,
                new ClientCertificatesConfig(ClientCertMode.REQUIRE, List.of(), List.of(),
                        new AdvertiseConfig(AdvertiseMode.TRUSTED, List.of()), 5,
                        new RevocationConfig(List.of(), false, OcspMode.OFF, OnUnavailable.DENY, Duration.ofHours(1),
                                RevocationScope.CHAIN), CertificatePoliciesConfig.NONE, origin),
                accounts, oneToOneMappings, manyToOneMappings,
                List.of(new LocationConfig("/", ClientCertMode.REQUIRE, Optional.empty(), Optional.empty(),
                        AccessRuleConfig.NONE, CertificatePoliciesConfig.NONE, origin,
                        io.certgate.config.IdentityFormatsConfig.DEFAULTS)), Optional.empty(), origin);
        mapper = CertificateMapper.compile(site);
        if (!(mapper.map(oneToOne) instanceof Identity.Account)
                || !(mapper.map(lastManyToOne) instanceof Identity.Account account && account.name().equals("user9"))
                || !(mapper.map(unmapped) instanceof Identity.CertificateOnly)) {
            throw new IllegalStateException("the benchmark's certificates must map as intended");
        }
    }

    @Benchmark
    public Identity oneToOneAmongAMillion() {
        return mapper.map(oneToOne);
    }

    @Benchmark
    public Identity lastOfTenThousandManyToOne() {
        return mapper.map(lastManyToOne);
    }

    @Benchmark
    public Identity unmappedAfterEveryMapping() {
        return mapper.map(unmapped);
    }

    @Benchmark
    public Identity orderedScanToTheLastMapping() {
        return mapper.scan(lastManyToOne);
    }

    @Benchmark
    public Identity orderedScanThatMatchesNothing() {
        return mapper.scan(unmapped);
    }
}
