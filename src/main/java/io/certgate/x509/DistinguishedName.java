package io.certgate.x509;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * A distinguished name as text (RFC 4514) and as attribute values, read once.
 *
 * @param rfc4514 the name in RFC 4514 form, most specific attribute first (as OpenSSL's
 *                {@code -nameopt RFC2253} and nginx's {@code $ssl_client_s_dn} print it)
 * @param attributes every value of each known attribute, in the order they appear
 */
public record DistinguishedName(String rfc4514, Map<NameAttribute, List<String>> attributes) {

    /** Names the JDK would print as a bare OID; emailAddress is the one certificates still use. */
    private static final Map<String, String> KEYWORDS = Map.of("1.2.840.113549.1.9.1", "emailAddress");

    public DistinguishedName {
        EnumMap<NameAttribute, List<String>> copy = new EnumMap<>(NameAttribute.class);
        attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        attributes = Collections.unmodifiableMap(copy);
    }

    /** Reads a principal; never fails for a name the JDK could decode. */
    public static DistinguishedName of(X500Principal principal) {
        String text = principal.getName(X500Principal.RFC2253, KEYWORDS);
        EnumMap<NameAttribute, List<String>> values = new EnumMap<>(NameAttribute.class);
        X500Name name = X500Name.getInstance(principal.getEncoded());
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                for (NameAttribute attribute : NameAttribute.values()) {
                    if (attribute.oid().equals(atv.getType())) {
                        values.computeIfAbsent(attribute, k -> new ArrayList<>()).add(valueText(atv.getValue()));
                    }
                }
            }
        }
        return new DistinguishedName(text, values);
    }

    /** The values of one attribute (empty when absent). */
    public List<String> values(NameAttribute attribute) {
        return attributes.getOrDefault(attribute, List.of());
    }

    /** The first common name, or the whole name when there is none: a short label for messages. */
    public String shortLabel() {
        List<String> cn = values(NameAttribute.CN);
        return cn.isEmpty() ? rfc4514 : "CN=" + cn.get(0);
    }

    private static String valueText(ASN1Encodable value) {
        if (value instanceof ASN1String string) {
            return string.getString();
        }
        return IETFUtils.valueToString(value);
    }

    @Override
    public String toString() {
        return rfc4514;
    }
}
