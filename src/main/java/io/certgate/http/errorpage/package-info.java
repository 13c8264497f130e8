/**
 * Error pages for a person: what an answer says ({@link io.certgate.http.errorpage.ErrorPage}),
 * the likely causes and next steps for each status and substatus
 * ({@link io.certgate.http.errorpage.Advice}), and the bodies that carry it in HTML (certgate's
 * own page or the administrator's template), JSON and plain text
 * ({@link io.certgate.http.errorpage.ErrorBodies}). Knows no Netty: the caller frames the response.
 */
package io.certgate.http.errorpage;
