/**
 * A small CA toolkit: certificates and CRLs minted in a few readable lines, for {@code certgate
 * demo}, {@code certgate pki} and tests. Never used on the request path.
 *
 * <pre>{@code
 * Credential root = Credential.builder().subject("CN=Demo Root").certificateAuthority(1).build();
 * Credential alice = Credential.builder().subject("CN=alice,OU=Sales").clientAuth().issuedBy(root).build();
 * X509CRL crl = RevocationList.builder(root).revoke(alice, CrlReason.KEY_COMPROMISE).build();
 * }</pre>
 */
package io.certgate.pki;
