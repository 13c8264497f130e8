package io.certgate.validation.constraints;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.x509.CertificateFiles;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NIST PKITS name-constraint rows (4.13: directoryName, rfc822Name, dNSName, URI, with
 * self-issued CAs) judged by {@link PathConstraints} alone, without the JDK: certgate's own
 * name-constraint code must reach every row's expected answer by itself. (The full suite
 * through the engine is validation.PkitsConformanceTest.)
 */
class PkitsNameConstraintsTest {

    private static final String DIR = "/pkits/";

    record Row(String id, String name, boolean valid, List<String> path) {
        @Override
        public String toString() {
            return id + " " + name;
        }
    }

    static Stream<Row> rows() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = PkitsNameConstraintsTest.class.getResourceAsStream(DIR + "pkits-tests.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", -1);
                if (f[0].startsWith("4.13.")) {
                    rows.add(new Row(f[0], f[1], f[2].equals("valid"), List.of(f[3].trim().split(";"))));
                }
            }
        }
        assertThat(rows).as("the 38 rows of PKITS 4.13").hasSize(38);
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void nameConstraintRowGetsItsExpectedAnswerFromCertgatesOwnChecks(Row row) throws Exception {
        List<X509Certificate> path = new ArrayList<>();
        for (String name : row.path()) {
            path.add(certificate(name));
        }
        Collections.reverse(path); // the table lists the anchor side first

        Optional<Violation> violation = PathConstraints.check(path, certificate("TrustAnchorRootCertificate"));

        if (row.valid()) {
            assertThat(violation).as("%s", row).isEmpty();
        } else {
            assertThat(violation).as("%s", row).hasValueSatisfying(v -> assertThat(v.check())
                    .isIn(Check.PERMITTED_SUBTREES, Check.EXCLUDED_SUBTREES));
        }
    }

    private static X509Certificate certificate(String name) throws Exception {
        URL url = PkitsNameConstraintsTest.class.getResource(DIR + "certs/" + name + ".crt");
        return CertificateFiles.readCertificates(Path.of(url.toURI())).get(0);
    }
}
