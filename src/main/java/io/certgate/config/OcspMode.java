package io.certgate.config;

/** Whether OCSP is asked about a certificate's status. */
public enum OcspMode {
    /** Never; CRLs only. */
    OFF,
    /** Only when no CRL could be had for the certificate's issuer. */
    FALLBACK,
    /** First; CRLs only when the responder cannot answer. */
    PREFER
}
