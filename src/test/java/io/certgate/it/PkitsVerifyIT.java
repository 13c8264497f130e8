package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.pki.PemFiles;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.PkitsTable;
import io.certgate.testing.PkitsTable.Row;
import io.certgate.testing.Processes;
import io.certgate.x509.CertificateFiles;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NIST PKITS through {@code bin/certgate verify}, one process per row, with the row's own flags:
 * {@code --roots} the trust anchor, the path as the client would send it (end entity first, in
 * one PEM file), {@code --intermediates} the row's extra certificates, {@code --crl} its CRLs,
 * {@code --at} a time inside the certificates' window, {@code --purpose any}, and the four policy
 * settings as {@code --policy}, {@code --require-explicit-policy}, {@code --inhibit-policy-mapping}
 * and {@code --inhibit-any-policy}. The exit code and the JSON verdict must match the row.
 *
 * <p>One JVM start per row costs about a second of CPU, so by default this runs every row that
 * sets a policy input (the 33 the flags exist for) and, from every section of the suite, its
 * first valid and first invalid row that are not among them: 60 rows. All 247 run through the
 * same engine in PkitsConformanceTest; {@code -Dpkits.all=true} runs all of them here too.
 */
class PkitsVerifyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The C1 compiler alone starts a short-lived JVM in about half the CPU time. */
    private static final Map<String, String> QUICK_JVM = Map.of("CERTGATE_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

    static Stream<Row> rows() {
        List<Row> all = PkitsTable.rows();
        return Boolean.getBoolean("pkits.all") ? all.stream() : sample(all).stream();
    }

    /** Every row with policy settings, and each section's first valid and first invalid row beyond those. */
    static List<Row> sample(List<Row> all) {
        Set<String> covered = new HashSet<>();
        List<Row> chosen = new ArrayList<>();
        for (Row row : all) {
            if (row.hasPolicySettings()) {
                chosen.add(row);
                covered.add(row.section() + " " + row.valid());
            }
        }
        for (Row row : all) {
            if (covered.add(row.section() + " " + row.valid())) {
                chosen.add(row);
            }
        }
        return chosen;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void verifyGivesTheRowsExpectedResult(Row row, @TempDir Path dir) throws Exception {
        List<X509Certificate> presented = new ArrayList<>();
        for (String name : row.path()) {
            presented.add(0, CertificateFiles.readCertificates(PkitsTable.certificate(name)).get(0));
        }
        Path chain = PemFiles.writeCertificates(dir.resolve("chain.pem"), presented);
        List<String> args = new ArrayList<>(List.of("verify", "--roots", PkitsTable.certificate(PkitsTable.ANCHOR).toString()));
        for (String name : row.extra()) {
            args.addAll(List.of("--intermediates", PkitsTable.certificate(name).toString()));
        }
        for (String name : row.crls()) {
            args.addAll(List.of("--crl", PkitsTable.crl(name).toString()));
        }
        args.addAll(List.of("--at", PkitsTable.AT.toString(), "--purpose", "any", "--max-chain-length", "20"));
        for (String oid : row.initialPolicies()) {
            args.addAll(List.of("--policy", oid));
        }
        if (row.explicitPolicy()) {
            args.add("--require-explicit-policy");
        }
        if (row.mappingInhibited()) {
            args.add("--inhibit-policy-mapping");
        }
        if (row.anyPolicyInhibited()) {
            args.add("--inhibit-any-policy");
        }
        args.add(chain.toString());

        Processes.Result result = CertgateProcess.run(dir, QUICK_JVM, args.toArray(String[]::new));

        String shown = row + ": " + String.join(" ", args) + "\n" + result.all();
        assertThat(result.exitCode()).as(shown).isEqualTo(row.valid() ? 0 : 1);
        JsonNode verdict = JSON.readTree(result.stdout());
        assertThat(verdict.get("valid").asBoolean()).as(shown).isEqualTo(row.valid());
        if (row.valid()) {
            assertThat(verdict.get("status").asText()).as(shown).isEqualTo("200");
            assertThat(verdict.has("validPolicies")).as(shown).isTrue();
        } else {
            assertThat(verdict.get("status").asText()).as(shown).startsWith("403.");
        }
        if (row.id().equals(PkitsTable.NEGATIVE_SERIAL_ROW)) {
            assertThat(verdict.get("reason").asText()).as(shown).isEqualTo("profile-violation");
        } else if (row.tag().equals("revocation") && !row.valid()) {
            assertThat(verdict.get("reason").asText()).as(shown).isIn("revoked", "revocation-unavailable");
        }
        if (row.hasPolicySettings() && !row.valid()) {
            // The rows the policy flags exist for fail on their policies, not by accident on something else.
            assertThat(verdict.get("reason").asText()).as(shown).isEqualTo("policy");
            assertThat(verdict.get("status").asText()).as(shown).isEqualTo("403.16");
        }
    }
}
