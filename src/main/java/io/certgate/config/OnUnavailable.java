package io.certgate.config;

/** What happens when a certificate's revocation status cannot be learnt. */
public enum OnUnavailable {
    /** Refuse with 403.13, as IIS does when it cannot get a CRL (fail closed). */
    DENY,
    /** Let the request in and log a warning (fail open). */
    ALLOW
}
