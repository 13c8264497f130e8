package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.revocation.CrlFile;
import io.certgate.revocation.CrlStore;
import io.certgate.x509.CertificateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NIST PKITS (2001 edition, src/test/resources/pkits) through the engine that serves requests:
 * {@link PathValidator} with certgate's own revocation checking ({@link CrlStore}), one test per
 * row of {@code pkits-tests.tsv}. Every row has a definite expected result and every row runs.
 *
 * <p>As the suite prescribes: the trust anchor is TrustAnchorRootCertificate; the path's
 * certificates are presented end entity first; the row's extra certificates (CRL signers,
 * rolled-over keys) are known to the validator as intermediates; the row's CRLs are the only
 * revocation source; the four initial policy settings are the row's; any purpose (the
 * certificates carry no clientAuth); the validation time is inside the certificates' window.
 */
class PkitsConformanceTest {

    /** The certificates are valid 2001-04-19 to 2011-04-19; the expected results assume a time between. */
    static final Instant AT = Instant.parse("2006-04-19T00:00:00Z");
    /** Longer than any PKITS path, so that only the suite's own constraints limit length. */
    static final int MAX_CHAIN_LENGTH = 20;
    private static final String DIR = "/pkits/";
    /** InvalidNegativeSerialNumberTest15: see pkitsCaseGetsItsExpectedResult. */
    private static final String NEGATIVE_SERIAL_ROW = "4.4.15";

    /** One row of the table. */
    record Case(String id, String name, boolean valid, List<String> path, List<String> extra, List<String> crls,
                Set<String> initialPolicies, boolean explicitPolicy, boolean mappingInhibited,
                boolean anyPolicyInhibited, String tag) {
        @Override
        public String toString() {
            return id + " " + name;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = PkitsConformanceTest.class.getResourceAsStream(DIR + "pkits-tests.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = Arrays.copyOf(line.split("\t", -1), 11);
                cases.add(new Case(f[0], f[1], f[2].equals("valid"), list(f[3]), list(f[4]), list(f[5]),
                        new LinkedHashSet<>(List.of(f[6].isBlank() ? new String[0] : f[6].trim().split(","))), Boolean.parseBoolean(f[7]), Boolean.parseBoolean(f[8]),
                        Boolean.parseBoolean(f[9]), f[10] == null ? "" : f[10].trim()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pkitsCaseGetsItsExpectedResult(Case row) throws Exception {
        X509Certificate anchor = certificate("TrustAnchorRootCertificate");
        List<X509Certificate> presented = new ArrayList<>();
        for (String name : row.path()) {
            presented.add(certificate(name));
        }
        Collections.reverse(presented); // the table lists the anchor side first; a client sends its own first
        List<X509Certificate> extra = new ArrayList<>();
        for (String name : row.extra()) {
            extra.add(certificate(name));
        }
        List<CrlFile> crls = new ArrayList<>();
        for (String name : row.crls()) {
            crls.add(CrlFile.read(resource("crls/" + name + ".crl")));
        }
        ValidationPolicy policy = new ValidationPolicy(ValidationPolicy.Purpose.ANY, MAX_CHAIN_LENGTH,
                RevocationScope.CHAIN, OnUnavailable.DENY,
                new ValidationPolicy.CertificatePolicies(row.initialPolicies(), row.explicitPolicy(),
                        row.mappingInhibited(), row.anyPolicyInhibited()),
                ValidationPolicy.DEFAULT_VERDICT_TTL);
        PathValidator validator = new PathValidator(TrustStore.of(List.of(anchor), extra), policy, CrlStore.of(crls, 1));

        Verdict verdict = validator.validate(presented, AT);

        assertThat(verdict.isValid()).as("%s: expected %s, got %s: %s", row, row.valid() ? "valid" : "invalid",
                verdict.reason(), verdict.detail()).isEqualTo(row.valid());
        if (row.id().equals(NEGATIVE_SERIAL_ROW)) {
            // PKITS (written to RFC 3280) revokes a certificate whose serial number is -1, to test
            // CRL lookup of negative serials. RFC 5280 §4.1.2.2 requires a positive serial, and
            // certgate refuses this one before revocation is consulted, as Go (since 1.23) and
            // webpki do. The row stays invalid; the lookup itself is still tested by 4.4.14.
            assertThat(verdict.reason()).as("%s: %s", row, verdict.detail()).isEqualTo(Reason.PROFILE_VIOLATION);
            assertThat(verdict.detail()).contains("has a serial number that is negative");
        } else if (row.tag().equals("revocation") && !row.valid()) {
            // A revocation case must fail on revocation, not by accident on something else.
            assertThat(verdict.outcome()).as("%s: %s", row, verdict.detail())
                    .isIn(Outcome.REVOKED, Outcome.REVOCATION_UNKNOWN);
        }
    }

    private static X509Certificate certificate(String name) throws Exception {
        return CertificateFiles.readCertificates(resource("certs/" + name + ".crt")).get(0);
    }

    private static Path resource(String relative) throws URISyntaxException {
        URL url = PkitsConformanceTest.class.getResource(DIR + relative);
        if (url == null) {
            throw new IllegalStateException("missing PKITS resource " + relative);
        }
        return Path.of(url.toURI());
    }

    private static List<String> list(String field) {
        if (field == null || field.isBlank()) {
            return List.of();
        }
        return List.of(field.trim().split(";"));
    }
}
