package io.certgate.testing;

import java.io.ByteArrayOutputStream;
import org.bouncycastle.asn1.DERUniversalString;

/** Name attribute values Bouncy Castle has no text constructor for, for minting names in every string form. */
public final class NameValues {

    private NameValues() {
    }

    /** A UniversalString: UCS-4 (UTF-32BE) code points, which Bouncy Castle only takes as octets. */
    public static DERUniversalString universal(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        text.codePoints().forEach(c -> {
            out.write(c >>> 24);
            out.write(c >>> 16);
            out.write(c >>> 8);
            out.write(c);
        });
        return new DERUniversalString(out.toByteArray());
    }
}
