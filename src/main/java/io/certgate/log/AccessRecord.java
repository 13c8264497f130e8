package io.certgate.log;

import java.time.Instant;

/**
 * One request as the access log sees it. Strings may be empty, never null.
 *
 * @param time when the response was complete
 * @param username the mapped account, empty when anonymous
 * @param substatus the IIS substatus (7 for 403.7), 0 when none
 * @param timeTakenMillis from the request's first byte to the response's last
 * @param verdictReason the certificate verdict's reason ({@code ok}, {@code expired}, ...), empty when none was sent or looked at
 * @param certificateSubject the client certificate's subject (RFC 4514), empty when none
 * @param certificateFingerprint its SHA-256 fingerprint, lower-case hex, empty when none
 * @param requestId the ID the answer carried in {@code Certgate-Request-Id} (and the backend got as {@code X-Request-Id})
 * @param detail what an error answer said went wrong, in full (with server-side names that the
 *               page may leave out), empty when the answer was no error
 * @param referer the Referer header
 * @param host the Host header (HTTP/2: {@code :authority})
 * @param version the request's protocol version: {@code HTTP/1.0}, {@code HTTP/1.1} or {@code HTTP/2}
 * @param requestBytes the request as received: its head as HTTP/1.1 text plus its body
 * @param responseBytes the response as sent: its head as HTTP/1.1 text plus its body
 */
public record AccessRecord(
        Instant time,
        String serverIp,
        int serverPort,
        String method,
        String uriStem,
        String uriQuery,
        String username,
        String clientIp,
        String userAgent,
        int status,
        int substatus,
        long timeTakenMillis,
        String site,
        String protocol,
        String verdictReason,
        String certificateSubject,
        String certificateFingerprint,
        String requestId,
        String detail,
        String referer,
        String host,
        String version,
        long requestBytes,
        long responseBytes) {

    /** The Windows error IIS logs as {@code sc-win32-status} for this answer, 0 when none. */
    public long win32Status() {
        return Win32Status.of(status, substatus, verdictReason);
    }
}
