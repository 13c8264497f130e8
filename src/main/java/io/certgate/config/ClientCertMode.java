package io.certgate.config;

/** Whether a site or location asks for a client certificate, and what it does with one (IIS SSL settings). */
public enum ClientCertMode {
    /** Not asked for; one that arrives anyway is discarded: the request is anonymous, nothing is forwarded. */
    IGNORE,
    /** Asked for; a client without one is let in anonymously, one that is sent must be valid. */
    ACCEPT,
    /** Asked for; no valid certificate, no access (403.7, 403.13, 403.16, 403.17). */
    REQUIRE;

    /** True when the handshake must send a CertificateRequest for this mode. */
    public boolean asksForCertificate() {
        return this != IGNORE;
    }
}
