package io.certgate.http;

/**
 * The sentence an error answer says about what went wrong, in the two forms its source wrote:
 * one a client may read ({@code errors.detail: detailed}), and one with what only the server
 * should know, such as a CRL file path or a backend's address ({@code internal}, and always
 * the access log). Written twice at the source rather than scrubbed afterwards, so that no
 * pattern can miss a name.
 *
 * @param forClient what {@code errors.detail: detailed} shows; empty for none
 * @param internal what {@code errors.detail: internal} and the access log show
 */
public record Detail(String forClient, String internal) {

    public static final Detail NONE = new Detail("", "");

    /** A sentence that names nothing of the server's: both forms are the same. */
    public static Detail of(String sentence) {
        return new Detail(sentence, sentence);
    }

    public static Detail of(String forClient, String internal) {
        return new Detail(forClient, internal);
    }
}
