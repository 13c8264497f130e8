package io.certgate.config;

/** Which KB5014754 mapping forms a directory mapping trusts. */
public enum MappingStrength {
    /** Only strong forms (the default, as AD enforces since September 2025); a weak-only match is 403.12. */
    STRONG,
    /** Weak forms too, with a warning logged each time one is used. */
    COMPATIBILITY
}
