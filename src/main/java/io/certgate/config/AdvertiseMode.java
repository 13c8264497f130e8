package io.certgate.config;

/** Which CA names the CertificateRequest carries, so that clients pick a matching certificate. */
public enum AdvertiseMode {
    /** The subjects of the trusted roots (the default, as IIS sends its trusted CA list). */
    TRUSTED,
    /** An empty list: the client may offer any certificate it has. */
    NONE,
    /** The subjects of the certificates in the listed files. */
    LIST
}
