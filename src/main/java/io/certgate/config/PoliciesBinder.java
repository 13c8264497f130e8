package io.certgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds {@code clientCertificates.policies} (a site's or a location's): {@code required} (policy
 * OIDs), {@code requireExplicit} (default true when {@code required} is given),
 * {@code inhibitMapping} and {@code inhibitAnyPolicy} (default false).
 */
final class PoliciesBinder {

    /** RFC 5280 §4.2.1.4 anyPolicy: requiring it requires nothing. */
    private static final String ANY_POLICY = "2.5.29.32.0";

    private PoliciesBinder() {
    }

    /** The settings under {@code clientCertificates}, or {@link CertificatePoliciesConfig#NONE} when absent. */
    static CertificatePoliciesConfig policies(Section clientCertificates) {
        Optional<Section> maybe = clientCertificates.section("policies");
        if (maybe.isEmpty()) {
            return CertificatePoliciesConfig.NONE;
        }
        Section s = maybe.get();
        List<String> required = new ArrayList<>();
        for (String text : s.strings("required")) {
            String oid = text.trim();
            if (!CertificatePoliciesConfig.isOid(oid)) {
                s.error("required", "\"" + text + "\" is not a policy OID: expected dotted numbers such as"
                        + " \"2.16.840.1.101.3.2.1.3.13\"");
            } else if (oid.equals(ANY_POLICY)) {
                s.error("required", "2.5.29.32.0 is anyPolicy, which every path satisfies; list the policies"
                        + " a certificate must carry, or leave required out");
            } else if (required.contains(oid)) {
                s.error("required", "\"" + oid + "\" is listed twice");
            } else {
                required.add(oid);
            }
        }
        if (s.has("required") && s.strings("required").isEmpty()) {
            s.error("required", "expected a list of policy OIDs, such as [\"2.16.840.1.101.3.2.1.3.13\"];"
                    + " to demand any explicit policy, leave required out and set requireExplicit: true");
        }
        boolean requireExplicit = s.bool("requireExplicit", s.has("required"));
        boolean inhibitMapping = s.bool("inhibitMapping", false);
        boolean inhibitAnyPolicy = s.bool("inhibitAnyPolicy", false);
        s.finish();
        return new CertificatePoliciesConfig(required, requireExplicit, inhibitMapping, inhibitAnyPolicy);
    }
}
