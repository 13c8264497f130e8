package io.certgate.http.errorpage;

import io.certgate.x509.CertificateFacts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one error answer says, whatever its format. Strings may be empty, never null; what
 * the detail level leaves out is already empty here.
 *
 * @param reason the machine-readable reason ({@code client-certificate-required}), empty for a plain HTTP error
 * @param title the IIS title of the substatus, or the status's reason phrase
 * @param summary one sentence of what happened, for a person
 * @param detail what exactly was wrong, at the configured level of detail; empty when terse
 * @param likelyCauses the most likely causes, most likely first
 * @param tryThis what the person can do, in the order to try it
 * @param certificate the certificate the client presented, shown on 403.13, 403.16 and 403.17
 * @param acceptedAuthorities the names of the CAs the handshake advertises, shown on 403.7
 * @param requestId the ID to quote to the administrator (also in {@code Certgate-Request-Id} and the access log)
 * @param time when the answer was made
 */
public record ErrorPage(
        int status,
        int substatus,
        String reason,
        String title,
        String summary,
        String detail,
        List<String> likelyCauses,
        List<String> tryThis,
        Optional<CertificateFacts> certificate,
        List<String> acceptedAuthorities,
        String requestId,
        Instant time) {

    public ErrorPage {
        likelyCauses = List.copyOf(likelyCauses);
        tryThis = List.copyOf(tryThis);
        acceptedAuthorities = List.copyOf(acceptedAuthorities);
    }

    /** {@code 403.7}, or {@code 404} for an answer without substatus. */
    public String code() {
        return substatus > 0 ? status + "." + substatus : String.valueOf(status);
    }
}
