package io.certgate.http.errorpage;

import java.util.List;

/**
 * What a person is told about an answer: one sentence of what happened, the most likely causes
 * and the things to try, as IIS's detailed errors say "Most likely causes" and "Things you can
 * try". The causes follow KB 907274 (IIS's 403 substatus table) and how browsers choose a
 * client certificate: Chromium, Firefox and Java's HttpClient offer only certificates that are
 * valid now, made for client authentication, and issued under one of the CA names the server's
 * CertificateRequest lists (RFC 8446 §4.3.2 certificate_authorities); any other certificate is
 * never sent, so the person sees 403.7 although a certificate is installed.
 *
 * @param summary one sentence of what happened
 */
public record Advice(String summary, List<String> likelyCauses, List<String> tryThis) {

    private static final String QUOTE_ID = "If nothing helps, send the administrator the request ID below: it finds"
            + " this request in the server's log.";
    private static final String RESTART = "Close every window of the browser and start it again, then reload this"
            + " page: a browser remembers the certificate it chose (or that it chose none) until it is restarted.";

    /** The advice for a status and substatus (0 when none); a generic one for an answer this table does not know. */
    public static Advice of(int status, int substatus) {
        return switch (status * 100 + substatus) {
            case 40304 -> new Advice("This site is served over HTTPS only.",
                    List.of("The address starts with http:// instead of https://."),
                    List.of("Open the same address with https:// in front.", QUOTE_ID));
            case 40307 -> new Advice("This page needs a client certificate, and none was sent.",
                    List.of("No certificate issued by one of the certificate authorities (CAs) this site accepts is"
                                    + " installed in the browser or the program.",
                            "A certificate is installed, but the browser hides it: browsers offer only certificates"
                                    + " that are valid today (not expired, not valid only in the future), made for"
                                    + " client authentication (Extended Key Usage \"TLS Web Client Authentication\"),"
                                    + " and issued under one of the CAs listed on this page. Any other certificate is never"
                                    + " offered, and the site sees none.",
                            "The certificate choice was cancelled, or another certificate was refused earlier: the"
                                    + " browser may remember that choice until it is restarted."),
                    List.of("Check that a certificate issued under one of the CAs listed on this page is installed (in"
                                    + " Chromium or Chrome: Settings, Privacy and security, Security, Manage"
                                    + " certificates), that it has not expired, and that it is meant for client"
                                    + " authentication.",
                            RESTART,
                            "From a program: send the certificate and its key, for example curl --cert client.pem"
                                    + " --key client.key followed by this page's address.",
                            QUOTE_ID));
            case 40312 -> new Advice("Your certificate is valid, but it does not give access to this site.",
                    List.of("No mapping rule of this site matches your certificate (its subject or issuer).",
                            "A rule refuses certificates like yours.",
                            "The account your certificate maps to is disabled."),
                    List.of("If you have another certificate for this site, use it: " + lowerFirst(RESTART),
                            "Ask the administrator to map your certificate to an account; give them the certificate's"
                                    + " subject shown here and the request ID.",
                            QUOTE_ID));
            case 40313 -> new Advice("Your certificate was revoked, or the server could not find out whether it was.",
                    List.of("The certificate authority that issued your certificate revoked it (a lost device, a"
                                    + " replaced certificate, or an account that was closed).",
                            "The server could not get current revocation information (a CRL or an OCSP answer) for"
                                    + " your certificate or a CA above it, and refuses when it cannot tell."),
                    List.of("Ask whoever issued your certificate for a new one.",
                            "If you believe it is not revoked, send the administrator the request ID: the server's"
                                    + " log says which revocation source failed.",
                            "Try again in a few minutes: revocation information that could not be fetched is asked for"
                                    + " again."));
            case 40316 -> new Advice("Your certificate was not accepted: it does not lead to a certificate authority"
                    + " this site trusts, or it is not valid for signing in.",
                    List.of("It was issued by a certificate authority this site does not trust.",
                            "An intermediate CA certificate is missing from what the browser sent, and the server"
                                    + " does not have it either.",
                            "It is not made for client authentication (its Extended Key Usage lacks \"TLS Web Client"
                                    + " Authentication\"), or its key usage does not allow signing.",
                            "It is damaged, or its signature does not verify."),
                    List.of("Use a certificate issued by a CA this site accepts; the administrator can tell which.",
                            "Install your certificate together with its chain (a .p12 file that includes the"
                                    + " intermediate CA certificates), then " + lowerFirst(RESTART),
                            QUOTE_ID));
            case 40317 -> new Advice("Your certificate, or a certificate authority's certificate above it, has expired"
                    + " or is not valid yet.",
                    List.of("Your certificate's validity period has ended.",
                            "The certificate of the intermediate CA that issued yours has expired: every certificate"
                                    + " it issued stops working with it.",
                            "The clock of your device is wrong (for a certificate that is not valid yet)."),
                    List.of("Renew your certificate, then " + lowerFirst(RESTART),
                            "Check the date and time of your device.",
                            "If a CA certificate expired, only its owner can renew it: tell the administrator, with"
                                    + " the request ID.",
                            QUOTE_ID));
            case 40103 -> new Advice("You are identified, but your account may not use this part of the site.",
                    List.of("This location admits only some users or groups, and yours is not one of them.",
                            "Your certificate maps to another account than you expected."),
                    List.of("Ask the administrator for access; give them the request ID.",
                            "If you have a certificate of another account, use it: " + lowerFirst(RESTART)));
            case 40000 -> new Advice("The server refused the request because it could not be read in one safe way.",
                    List.of("The address or a header is malformed, or ambiguous (for example an encoded slash %2F, a"
                                    + " backslash or a \"..\" in the path).",
                            "A program or proxy between you and the site changed the request."),
                    List.of("Check the address for unusual characters and try again.",
                            "Try again from a browser, without proxies or extensions.",
                            QUOTE_ID));
            case 40400 -> new Advice("There is nothing at this address.",
                    List.of("The address is mistyped.", "The page was moved or removed."),
                    List.of("Check the address.", "Start again from the site's home page."));
            case 40500 -> new Advice("This address does not take requests of this kind (this method).",
                    List.of("A static page was sent something other than GET or HEAD, for example a form post."),
                    List.of("Go back and open the page with a plain link.", QUOTE_ID));
            case 40800 -> new Advice("The request took too long to arrive, and the server stopped waiting.",
                    List.of("A slow or interrupted network connection.", "A program that opened a connection and sent"
                            + " its request too slowly."),
                    List.of("Try again.", QUOTE_ID));
            case 42100 -> new Advice("This connection was opened for another site, so it cannot be used for this one.",
                    List.of("The browser reused a connection made for another name on the same server (HTTP/2"
                                    + " connection reuse).",
                            "The Host header names a site this server does not serve under this name."),
                    List.of("Reload the page: the browser then opens a new connection.",
                            "Use the site's own address.", QUOTE_ID));
            case 50200 -> new Advice("The application behind this site could not be reached, or it ended the"
                    + " connection without an answer.",
                    List.of("The application is down or restarting.", "It failed while answering this request."),
                    List.of("Wait a moment and reload the page.", QUOTE_ID));
            case 50300 -> new Advice("The service cannot answer right now.",
                    List.of("The server is busy, starting or stopping, or something it needs is not ready."),
                    List.of("Wait a moment and reload the page.", QUOTE_ID));
            case 50400 -> new Advice("The application behind this site did not answer in time.",
                    List.of("The application is overloaded, or stuck on a slow task."),
                    List.of("Wait a moment and reload the page; a long operation may still complete.", QUOTE_ID));
            default -> new Advice(status >= 500 ? "The server could not answer this request."
                    : "The server did not answer this request as asked.",
                    List.of(), List.of(QUOTE_ID));
        };
    }

    private static String lowerFirst(String sentence) {
        return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
