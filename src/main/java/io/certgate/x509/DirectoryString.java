package io.certgate.x509;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The text of a name attribute value, whatever string form the CA chose. RFC 5280 §4.1.2.4 lets
 * a DirectoryString be a UTF8String, PrintableString, TeletexString, UniversalString or
 * BMPString (and PKCS #9 emailAddress and domainComponent use IA5String); all of them name the
 * same thing, so all are decoded to the same Java string. An OU of {@code Contractors} is
 * {@code Contractors} in every form.
 *
 * <p>Decoding is strict: bytes that are not valid in their form (an odd-length BMPString, a
 * UniversalString code point above U+10FFFF, invalid UTF-8, a byte over 0x7F in an ASCII form)
 * give no text. Such a value is shown as {@code #hex} (RFC 4514 §2.4) and never matched as text:
 * guessing what it means would let two parties read two different names.
 */
public final class DirectoryString {

    /** Universal tag numbers (X.680 §8.4) of the string types a name may hold. */
    static final int UTF8_STRING = 0x0c;
    static final int NUMERIC_STRING = 0x12;
    static final int PRINTABLE_STRING = 0x13;
    static final int TELETEX_STRING = 0x14;
    static final int IA5_STRING = 0x16;
    static final int VISIBLE_STRING = 0x1a;
    static final int UNIVERSAL_STRING = 0x1c;
    static final int BMP_STRING = 0x1e;

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    private DirectoryString() {
    }

    /**
     * The text of a value given its tag and content octets; empty when the tag is not a string
     * type or the octets are not valid for it.
     */
    public static Optional<String> decode(int tag, byte[] content) {
        return switch (tag) {
            case UTF8_STRING -> strict(StandardCharsets.UTF_8, content);
            // X.680 §41: the 7-bit forms; a byte with the high bit set is not one of their characters.
            case PRINTABLE_STRING, IA5_STRING, VISIBLE_STRING, NUMERIC_STRING -> strict(StandardCharsets.US_ASCII, content);
            // T.61 proper is a stateful code; in practice CAs write ISO-8859-1 into TeletexString,
            // which is what OpenSSL and Windows assume too. Every byte decodes.
            case TELETEX_STRING -> Optional.of(new String(content, StandardCharsets.ISO_8859_1));
            // X.680 §41: BMPString is UCS-2, big-endian; read as UTF-16BE, unpaired surrogates refused.
            case BMP_STRING -> content.length % 2 == 0 ? strict(StandardCharsets.UTF_16BE, content) : Optional.empty();
            // UniversalString is UCS-4, big-endian: UTF-32BE, code points above U+10FFFF refused.
            case UNIVERSAL_STRING -> content.length % 4 == 0 ? strict(UTF_32BE, content) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<String> strict(Charset charset, byte[] content) {
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString());
        } catch (CharacterCodingException invalid) {
            return Optional.empty();
        }
    }
}
