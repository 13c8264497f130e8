/**
 * The RFC 5280 certificate profile rules the JDK's PKIX validator does not check: each a named
 * {@link io.certgate.validation.profile.ProfileCheck}, applied by
 * {@link io.certgate.validation.profile.ProfileChecks} to the certificates of a candidate path,
 * with a {@link io.certgate.validation.profile.ProfileFinding} (the check, the certificate, a
 * sentence naming both and the field) for the first rule broken.
 *
 * <p>Reads certificates only; knows nothing of trust anchors, revocation, sites or HTTP.
 */
package io.certgate.validation.profile;
