package io.certgate.config;

/** What a many-to-one mapping does when all its rules match (IIS permissionMode). */
public enum PermissionMode {
    /** Map the certificate to the mapping's account. */
    ALLOW,
    /** Refuse the certificate with 403.12 mapper-denied. */
    DENY
}
