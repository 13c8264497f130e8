package io.certgate.validation;

import io.certgate.x509.CertificateFacts;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The judgement on one presented chain.
 *
 * @param reason why; its {@link Reason#outcome()} is the kind of verdict
 * @param detail one sentence saying exactly what was wrong (or "valid"), naming the certificate concerned
 * @param publicDetail the same sentence as a client may read it: without what only the server
 *                     knows (its CRL files, and the failures of its revocation sources)
 * @param client what the client's own certificate says (empty when none was sent)
 * @param offending the certificate the problem is about, when there is one
 * @param path the validated path, client first and trust anchor last (empty unless a path was built)
 * @param revocationSources where revocation answers came from, such as {@code crl:/etc/pki/int.crl}
 * @param warnings things an administrator should know that did not refuse the certificate
 * @param decidedAt the validation time used
 * @param validUntil after this the verdict must be decided again (expiry, CRL nextUpdate, TTL)
 * @param revocationGeneration the revocation data generation the verdict was decided with
 * @param validPolicies the certificate policies the validated path is good for (RFC 5280 §6.1.6);
 *                      empty when not known: no path got through the PKIX algorithm (a policy
 *                      refusal records what its path is valid for)
 */
public record Verdict(
        Reason reason,
        String detail,
        String publicDetail,
        Optional<CertificateFacts> client,
        Optional<X509Certificate> offending,
        List<X509Certificate> path,
        List<String> revocationSources,
        List<String> warnings,
        Instant decidedAt,
        Instant validUntil,
        long revocationGeneration,
        Optional<PolicySet> validPolicies) {

    public Verdict {
        path = List.copyOf(path);
        revocationSources = List.copyOf(revocationSources);
        warnings = List.copyOf(warnings);
    }


    /** The verdict for a connection that presented no certificate; it never expires. */
    public static Verdict missing() {
        return new Verdict(Reason.NO_CERTIFICATE, "no client certificate was sent", "no client certificate was sent",
                Optional.empty(), Optional.empty(),
                List.of(), List.of(), List.of(), Instant.EPOCH, Instant.MAX, 0, Optional.empty());
    }

    public Outcome outcome() {
        return reason.outcome();
    }

    public boolean isValid() {
        return reason == Reason.OK;
    }

    /** True when a client certificate was presented, valid or not. */
    public boolean presented() {
        return client.isPresent();
    }
}
