package io.certgate.validation;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a valid client certificate must satisfy, as a value separate from the engine that
 * applies it ({@link PathValidator}).
 *
 * @param purpose what the certificate must be good for
 * @param maxChainLength the most certificates a validated path may hold, client and trust anchor included
 * @param revocationScope which certificates of the path have their revocation checked
 * @param onUnavailable what an unknown revocation status means: deny (403.13) or allow with a warning
 * @param policies the RFC 5280 §6.1.1 initial policy settings
 * @param verdictTtl the longest a verdict is reused before it is decided again
 */
public record ValidationPolicy(
        Purpose purpose,
        int maxChainLength,
        RevocationScope revocationScope,
        OnUnavailable onUnavailable,
        CertificatePolicies policies,
        Duration verdictTtl) {

    /** The longest a verdict is reused by default; a CRL change or certificate expiry ends it sooner. */
    public static final Duration DEFAULT_VERDICT_TTL = Duration.ofMinutes(10);

    /** The purpose a leaf certificate must allow. */
    public enum Purpose {
        /** TLS client authentication: extendedKeyUsage (if present) has clientAuth, keyUsage (if present) has digitalSignature. */
        CLIENT_AUTH,
        /** Any purpose: only the path itself is validated (for {@code verify --purpose any} and conformance suites). */
        ANY
    }

    /**
     * The initial settings of RFC 5280 §6.1.1 (c), (e), (f), (g).
     *
     * @param initialPolicies acceptable policy OIDs; empty means any policy
     */
    public record CertificatePolicies(
            Set<String> initialPolicies, boolean explicitPolicyRequired,
            boolean policyMappingInhibited, boolean anyPolicyInhibited) {

        /** Any policy, nothing required or inhibited: what a TLS gateway wants. */
        public static final CertificatePolicies ANY = new CertificatePolicies(Set.of(), false, false, false);

        public CertificatePolicies {
            initialPolicies = Set.copyOf(initialPolicies);
        }

        /** For a person: "the required certificate policy 2.16.840.1.101.3.2.1.3.13 (requireExplicit)". */
        public String describe() {
            List<String> settings = new ArrayList<>();
            if (explicitPolicyRequired) {
                settings.add("requireExplicit");
            }
            if (policyMappingInhibited) {
                settings.add("inhibitMapping");
            }
            if (anyPolicyInhibited) {
                settings.add("inhibitAnyPolicy");
            }
            String required = initialPolicies.isEmpty() ? "an explicit certificate policy"
                    : (initialPolicies.size() == 1 ? "the required certificate policy " : "any of the required certificate policies ")
                    + String.join(", ", new TreeSet<>(initialPolicies));
            return required + (settings.isEmpty() ? "" : " (" + String.join(", ", settings) + ")");
        }
    }

    /** This policy with other RFC 5280 §6.1.1 policy settings. */
    public ValidationPolicy withPolicies(CertificatePolicies policies) {
        return new ValidationPolicy(purpose, maxChainLength, revocationScope, onUnavailable, policies, verdictTtl);
    }

    /** A client-authentication policy with the given chain length and revocation behaviour. */
    public static ValidationPolicy forClients(int maxChainLength, RevocationScope scope, OnUnavailable onUnavailable) {
        return new ValidationPolicy(Purpose.CLIENT_AUTH, maxChainLength, scope, onUnavailable,
                CertificatePolicies.ANY, DEFAULT_VERDICT_TTL);
    }
}
