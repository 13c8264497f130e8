package io.certgate.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A field of the W3C extended access log, spelled as IIS spells it in its {@code #Fields:} line.
 * The {@code x-} fields are certgate's own (W3C's prefix for application-specific fields).
 */
public enum W3cField {
    /** The date the request finished, UTC, {@code yyyy-MM-dd}. */
    DATE("date"),
    /** The time the request finished, UTC, {@code HH:mm:ss}. */
    TIME("time"),
    /** The server address the client connected to. */
    S_IP("s-ip"),
    /** The request method. */
    CS_METHOD("cs-method"),
    /** The canonical path, without the query. */
    CS_URI_STEM("cs-uri-stem"),
    /** The query, without the {@code ?}. */
    CS_URI_QUERY("cs-uri-query"),
    /** The server port. */
    S_PORT("s-port"),
    /** The mapped account. */
    CS_USERNAME("cs-username"),
    /** The client's address. */
    C_IP("c-ip"),
    /** The User-Agent header. */
    CS_USER_AGENT("cs(User-Agent)"),
    /** The Referer header. */
    CS_REFERER("cs(Referer)"),
    /** The HTTP status. */
    SC_STATUS("sc-status"),
    /** The IIS substatus (7 for 403.7), 0 when none. */
    SC_SUBSTATUS("sc-substatus"),
    /** The Windows error IIS logs for the same failure (CERT_E_EXPIRED for 403.17, ...), 0 otherwise. */
    SC_WIN32_STATUS("sc-win32-status"),
    /** Milliseconds from the request's first byte to the response's last. */
    TIME_TAKEN("time-taken"),
    /** Bytes sent to the client: the response head as HTTP/1.1 text plus the body. */
    SC_BYTES("sc-bytes"),
    /** Bytes received from the client: the request head as HTTP/1.1 text plus the body. */
    CS_BYTES("cs-bytes"),
    /** The Host header (HTTP/2's :authority). */
    CS_HOST("cs-host"),
    /** The protocol version: HTTP/1.0, HTTP/1.1 or HTTP/2. */
    CS_VERSION("cs-version"),
    /** The site's name (its first host). */
    S_SITENAME("s-sitename"),
    /** The machine's host name. */
    S_COMPUTERNAME("s-computername"),
    /** certgate's reason code for the certificate's verdict ({@code expired}, {@code no-certificate}, ...). */
    X_REASON("x-reason"),
    /** The request ID, as in the {@code Certgate-Request-Id} response header. */
    X_REQUEST_ID("x-request-id"),
    /** The client certificate's subject (RFC 4514). */
    X_CERT_SUBJECT("x-cert-subject"),
    /** The client certificate's SHA-256 fingerprint, lower-case hex. */
    X_CERT_FINGERPRINT("x-cert-fingerprint");

    /** IIS's default field set, in IIS's order: what GoAccess's {@code --log-format=W3C} preset and IIS log tools expect. */
    public static final List<W3cField> DEFAULTS = List.of(DATE, TIME, S_IP, CS_METHOD, CS_URI_STEM, CS_URI_QUERY, S_PORT,
            CS_USERNAME, C_IP, CS_USER_AGENT, CS_REFERER, SC_STATUS, SC_SUBSTATUS, SC_WIN32_STATUS, TIME_TAKEN);

    private static final Map<String, W3cField> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(W3cField::iisName, Function.identity()));

    private final String iisName;

    W3cField(String iisName) {
        this.iisName = iisName;
    }

    /** The name in the {@code #Fields:} line and in {@code accessLog.fields}. */
    public String iisName() {
        return iisName;
    }

    /** The field of that name, exactly as IIS spells it. */
    public static Optional<W3cField> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The field whose name differs from {@code name} only in case, for a "did you mean". */
    public static Optional<W3cField> ignoringCase(String name) {
        return Arrays.stream(values()).filter(f -> f.iisName.equalsIgnoreCase(name)).findFirst();
    }

    /** Every name, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(W3cField::iisName).collect(Collectors.joining(" "));
    }

    /** The names as a {@code #Fields:} line lists them. */
    public static String line(List<W3cField> fields) {
        return fields.stream().map(W3cField::iisName).collect(Collectors.joining(" "));
    }
}
