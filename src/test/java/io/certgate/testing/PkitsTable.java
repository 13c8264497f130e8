package io.certgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The NIST PKITS table ({@code src/test/resources/pkits/pkits-tests.tsv}, described in the
 * README beside it), read once for the tests that run it: through the engine
 * ({@code PkitsConformanceTest}) and through {@code bin/certgate verify} ({@code PkitsVerifyIT}).
 */
public final class PkitsTable {

    /** The certificates are valid 2001-04-19 to 2011-04-19; the expected results assume a time between. */
    public static final Instant AT = Instant.parse("2006-04-19T00:00:00Z");
    /**
     * InvalidNegativeSerialNumberTest15. PKITS (written to RFC 3280) revokes a certificate whose
     * serial number is -1, to test CRL lookup of negative serials. RFC 5280 §4.1.2.2 requires a
     * positive serial, and certgate refuses this one before revocation is consulted, as Go (since
     * 1.23) and webpki do: the row stays invalid, with reason profile-violation. The lookup itself
     * is still tested by 4.4.14.
     */
    public static final String NEGATIVE_SERIAL_ROW = "4.4.15";
    /** Every row's trust anchor. */
    public static final String ANCHOR = "TrustAnchorRootCertificate";
    private static final String DIR = "/pkits/";

    private PkitsTable() {
    }

    /**
     * One row: a case with its expected result and the four RFC 5280 §6.1.1 initial policy settings.
     *
     * @param path the certificates of the path, anchor side first, end entity last
     * @param extra certificates the validator knows, not presented (CRL signers, rolled-over keys)
     * @param tag {@code revocation} for the revocation rows, otherwise empty
     */
    public record Row(String id, String name, boolean valid, List<String> path, List<String> extra, List<String> crls,
                      Set<String> initialPolicies, boolean explicitPolicy, boolean mappingInhibited,
                      boolean anyPolicyInhibited, String tag) {

        /** The PKITS section, such as {@code 4.8} for 4.8.1-2. */
        public String section() {
            String[] parts = id.split("\\.");
            return parts[0] + "." + parts[1];
        }

        /** True when the row asks for other than the default policy settings (any policy, nothing required). */
        public boolean hasPolicySettings() {
            return !initialPolicies.isEmpty() || explicitPolicy || mappingInhibited || anyPolicyInhibited;
        }

        @Override
        public String toString() {
            return id + " " + name;
        }
    }

    /** Every row, in the table's order. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = PkitsTable.class.getResourceAsStream(DIR + "pkits-tests.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = Arrays.copyOf(line.split("\t", -1), 11);
                rows.add(new Row(f[0], f[1], f[2].equals("valid"), list(f[3]), list(f[4]), list(f[5]),
                        new LinkedHashSet<>(f[6].isBlank() ? List.of() : List.of(f[6].trim().split(","))),
                        Boolean.parseBoolean(f[7]), Boolean.parseBoolean(f[8]), Boolean.parseBoolean(f[9]),
                        f[10] == null ? "" : f[10].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The DER file of a certificate of the suite. */
    public static Path certificate(String name) {
        return resource("certs/" + name + ".crt");
    }

    /** The DER file of a CRL of the suite. */
    public static Path crl(String name) {
        return resource("crls/" + name + ".crl");
    }

    private static Path resource(String relative) {
        URL url = PkitsTable.class.getResource(DIR + relative);
        if (url == null) {
            throw new IllegalStateException("missing PKITS resource " + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String field) {
        if (field == null || field.isBlank()) {
            return List.of();
        }
        return List.of(field.trim().split(";"));
    }
}
