package io.certgate.log;

import java.time.Instant;

/** Access records for format tests: a typical one, and copies with one field changed. */
final class Records {

    static final Instant TIME = Instant.parse("2026-11-24T23:59:58Z");

    private Records() {
    }

    static AccessRecord typical() {
        return new AccessRecord(TIME, "192.0.2.10", 8443, "GET", "/admin/report.html", "year=2026", "alice",
                "198.51.100.7", "curl/8.5.0", 403, 16, 12, "app", "HTTP/1.1", "no-path-to-trusted-root",
                "CN=alice,O=certgate tests", "ab".repeat(32), "0123456789abcdef" + "fedcba9876543210",
                "no path to a trusted root", "https://app.example/start page", "app.example:8443", "HTTP/1.1", 187, 1024);
    }

    static AccessRecord withUserAgent(String userAgent) {
        AccessRecord r = typical();
        return new AccessRecord(r.time(), r.serverIp(), r.serverPort(), r.method(), r.uriStem(), r.uriQuery(),
                r.username(), r.clientIp(), userAgent, r.status(), r.substatus(), r.timeTakenMillis(), r.site(),
                r.protocol(), r.verdictReason(), r.certificateSubject(), r.certificateFingerprint(), r.requestId(),
                r.detail(), r.referer(), r.host(), r.version(), r.requestBytes(), r.responseBytes());
    }

    static AccessRecord anonymousWithoutQuery(String uriStem) {
        AccessRecord r = typical();
        return new AccessRecord(r.time(), "", r.serverPort(), r.method(), uriStem, "", "", "", "", 200, 0,
                r.timeTakenMillis(), r.site(), r.protocol(), "", "", "", r.requestId(), "", "", "", r.version(), 60, 512);
    }

    static AccessRecord withStatus(String site, int status, int substatus) {
        return withVerdict(site, status, substatus, typical().verdictReason());
    }

    static AccessRecord withVerdict(String site, int status, int substatus, String verdictReason) {
        AccessRecord r = typical();
        return new AccessRecord(r.time(), r.serverIp(), r.serverPort(), r.method(), r.uriStem(), r.uriQuery(),
                r.username(), r.clientIp(), r.userAgent(), status, substatus, r.timeTakenMillis(), site,
                r.protocol(), verdictReason, r.certificateSubject(), r.certificateFingerprint(), r.requestId(),
                r.detail(), r.referer(), r.host(), r.version(), r.requestBytes(), r.responseBytes());
    }
}
