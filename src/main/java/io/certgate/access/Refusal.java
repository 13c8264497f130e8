package io.certgate.access;

/**
 * Every way certgate refuses a request, with the IIS status.substatus and the machine-readable
 * reason that SPEC §4 names (sent as {@code Certgate-Status: 403.16 client-certificate-untrusted}).
 */
public enum Refusal {
    /** 403.4: a plain-HTTP request to a site that needs TLS. */
    SSL_REQUIRED(403, 4, "ssl-required"),
    /** 403.7: mode require and no certificate was sent. */
    CLIENT_CERTIFICATE_REQUIRED(403, 7, "client-certificate-required"),
    /** 403.12: a deny mapping matched, no mapping matched where an account is needed, or the account is disabled. */
    MAPPER_DENIED(403, 12, "mapper-denied"),
    /** 403.13: revoked, or no revocation information and onUnavailable: deny. */
    CLIENT_CERTIFICATE_REVOKED(403, 13, "client-certificate-revoked"),
    /** 403.16: no path to a trusted root, bad signature, malformed, wrong key usage, chain too long. */
    CLIENT_CERTIFICATE_UNTRUSTED(403, 16, "client-certificate-untrusted"),
    /** 403.17: the certificate or a CA in its chain is expired or not yet valid. */
    CLIENT_CERTIFICATE_EXPIRED(403, 17, "client-certificate-expired"),
    /** 401.3: authenticated, but the location's access rule does not allow this account. */
    ACCESS_DENIED(401, 3, "access-denied"),
    /** 503: a directory mapping's directory did not answer and {@code onUnavailable} is deny (or nothing recent was cached). */
    DIRECTORY_UNAVAILABLE(503, 0, "directory-unavailable");

    private final int status;
    private final int substatus;
    private final String reason;

    Refusal(int status, int substatus, String reason) {
        this.status = status;
        this.substatus = substatus;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public int substatus() {
        return substatus;
    }

    /** The machine-readable reason, such as {@code client-certificate-untrusted}. */
    public String reason() {
        return reason;
    }

    /** {@code 403.16}, or {@code 503} for a status without IIS substatus. */
    public String code() {
        return substatus > 0 ? status + "." + substatus : String.valueOf(status);
    }

    /** The {@code Certgate-Status} header value: {@code 403.16 client-certificate-untrusted}. */
    public String headerValue() {
        return code() + " " + reason;
    }
}
