package io.certgate.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code clientCertificates.policies} of a site or a location: the RFC 5280 §6.1.1 initial
 * policy settings a client certificate's path must satisfy. On a site they decide the site's
 * verdict; on a location they are a requirement in addition to the site's: a request there
 * needs a certificate valid for both.
 *
 * @param required the initial-policy-set (§6.1.1 (c)): the path must be valid for one of these
 *                 policy OIDs; empty means any policy
 * @param requireExplicit initial-explicit-policy (§6.1.1 (f)): the path must be valid for an
 *                        acceptable policy. Default true when {@code required} is given: without
 *                        it, RFC 5280 enforces {@code required} only where a CA demands an
 *                        explicit policy
 * @param inhibitMapping initial-policy-mapping-inhibit (§6.1.1 (e)): CAs' policy mappings are not followed
 * @param inhibitAnyPolicy initial-any-policy-inhibit (§6.1.1 (g)): anyPolicy in a CA certificate
 *                         does not stand for every policy
 */
public record CertificatePoliciesConfig(List<String> required, boolean requireExplicit, boolean inhibitMapping,
                                        boolean inhibitAnyPolicy) {

    /** Nothing required, nothing inhibited: any certificate policy, or none, is fine. */
    public static final CertificatePoliciesConfig NONE = new CertificatePoliciesConfig(List.of(), false, false, false);

    /** X.660 dotted form: the first arc 0, 1 or 2, then at least one more, no leading zeros. */
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]{0,17}))+");

    public CertificatePoliciesConfig {
        required = List.copyOf(required);
    }

    /** True when nothing is asked of the policies. */
    public boolean isNone() {
        return equals(NONE);
    }

    /**
     * True when {@code text} is an object identifier in dotted form, such as
     * 2.16.840.1.101.3.2.1.3.13; under the arcs 0 and 1 the second arc is below 40 (X.660).
     */
    public static boolean isOid(String text) {
        if (text == null || !OID.matcher(text).matches()) {
            return false;
        }
        String[] arcs = text.split("\\.");
        return arcs[0].equals("2") || Long.parseLong(arcs[1]) < 40;
    }
}
