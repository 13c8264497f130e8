package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.revocation.CrlFile;
import io.certgate.revocation.CrlStore;
import io.certgate.testing.PkitsTable;
import io.certgate.testing.PkitsTable.Row;
import io.certgate.x509.CertificateFiles;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    /** Longer than any PKITS path, so that only the suite's own constraints limit length. */
    static final int MAX_CHAIN_LENGTH = 20;

    static Stream<Row> cases() {
        return PkitsTable.rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pkitsCaseGetsItsExpectedResult(Row row) throws Exception {
        X509Certificate anchor = certificate(PkitsTable.ANCHOR);
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
            crls.add(CrlFile.read(PkitsTable.crl(name)));
        }
        ValidationPolicy policy = new ValidationPolicy(ValidationPolicy.Purpose.ANY, MAX_CHAIN_LENGTH,
                RevocationScope.CHAIN, OnUnavailable.DENY,
                new ValidationPolicy.CertificatePolicies(row.initialPolicies(), row.explicitPolicy(),
                        row.mappingInhibited(), row.anyPolicyInhibited()),
                ValidationPolicy.DEFAULT_VERDICT_TTL);
        PathValidator validator = new PathValidator(TrustStore.of(List.of(anchor), extra), policy, CrlStore.of(crls, 1));

        Verdict verdict = validator.validate(presented, PkitsTable.AT);

        assertThat(verdict.isValid()).as("%s: expected %s, got %s: %s", row, row.valid() ? "valid" : "invalid",
                verdict.reason(), verdict.detail()).isEqualTo(row.valid());
        if (row.id().equals(PkitsTable.NEGATIVE_SERIAL_ROW)) {
            assertThat(verdict.reason()).as("%s: %s", row, verdict.detail()).isEqualTo(Reason.PROFILE_VIOLATION);
            assertThat(verdict.detail()).contains("has a serial number that is negative");
        } else if (row.tag().equals("revocation") && !row.valid()) {
            // A revocation case must fail on revocation, not by accident on something else.
            assertThat(verdict.outcome()).as("%s: %s", row, verdict.detail())
                    .isIn(Outcome.REVOKED, Outcome.REVOCATION_UNKNOWN);
        }
    }

    private static X509Certificate certificate(String name) throws Exception {
        return CertificateFiles.readCertificates(PkitsTable.certificate(name)).get(0);
    }
}
