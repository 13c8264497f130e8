package io.certgate.testing;

import io.certgate.pki.Credential;
import java.time.Duration;

/**
 * Issuing CAs under a {@link TestPki}'s root that assert certificate policies, as US federal
 * PIV and corporate PKIs do, for the tests of {@code clientCertificates.policies}:
 *
 * <ul>
 *   <li>{@link #policyCa()}: {@code CN=Policy CA}, asserting {@link #PIV_AUTH} and {@link #PIV_CARD_AUTH};</li>
 *   <li>{@link #mappingCa()}: {@code CN=Mapping CA}, asserting {@link #PIV_AUTH} and mapping it to its
 *       own {@link #CORP_AUTH} (RFC 5280 §4.2.1.5): its clients carry CORP_AUTH and are valid for PIV_AUTH
 *       unless mapping is inhibited.</li>
 * </ul>
 * The TestPki's own intermediate asserts no policy.
 *
 * <pre>{@code
 * Credential piv = policies.client("alice", policies.policyCa(), PolicyPki.PIV_AUTH);
 * }</pre>
 */
public final class PolicyPki {

    /** id-fpki-common-authentication: the PIV authentication certificate policy. */
    public static final String PIV_AUTH = "2.16.840.1.101.3.2.1.3.13";
    /** id-fpki-common-cardAuth. */
    public static final String PIV_CARD_AUTH = "2.16.840.1.101.3.2.1.3.17";
    /** A corporate policy of the mapping CA's own domain (under the example private enterprise arc). */
    public static final String CORP_AUTH = "1.3.6.1.4.1.32473.1.1";

    private final TestPki pki;
    private final Credential policyCa;
    private final Credential mappingCa;

    private PolicyPki(TestPki pki) {
        this.pki = pki;
        this.policyCa = Credential.builder().subject("CN=Policy CA,O=certgate tests").certificateAuthority(0)
                .issuedBy(pki.root()).now(pki.now()).validFor(Duration.ofDays(1825))
                .certificatePolicies(PIV_AUTH, PIV_CARD_AUTH).build();
        this.mappingCa = Credential.builder().subject("CN=Mapping CA,O=certgate tests").certificateAuthority(0)
                .issuedBy(pki.root()).now(pki.now()).validFor(Duration.ofDays(1825))
                .certificatePolicies(PIV_AUTH).policyMapping(PIV_AUTH, CORP_AUTH).build();
    }

    /** The policy CAs under {@code pki}'s root. */
    public static PolicyPki under(TestPki pki) {
        return new PolicyPki(pki);
    }

    public Credential policyCa() {
        return policyCa;
    }

    public Credential mappingCa() {
        return mappingCa;
    }

    /** A client certificate for {@code CN=cn} (clientAuth) from {@code issuer}, asserting {@code policies} (none: no extension). */
    public Credential client(String cn, Credential issuer, String... policies) {
        return Credential.builder().subject("CN=" + cn + ",O=certgate tests").clientAuth().issuedBy(issuer)
                .now(pki.now()).certificatePolicies(policies).build();
    }
}
