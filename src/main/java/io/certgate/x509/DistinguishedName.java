package io.certgate.x509;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * A distinguished name as text (RFC 4514) and as attribute values, read once.
 *
 * <p>Every string form a CA may use (UTF8String, PrintableString, TeletexString, BMPString,
 * UniversalString, IA5String) is decoded to the same text ({@link DirectoryString}); a value
 * that is not valid in its form is written {@code #hex} in the text and left out of the
 * attribute values, so no rule ever matches a guess.
 *
 * @param rfc4514 the name in RFC 4514 form, most specific attribute first (as OpenSSL's
 *                {@code -nameopt RFC2253} and nginx's {@code $ssl_client_s_dn} print it), each
 *                value escaped so the text is unambiguous: a repeated attribute appears once per
 *                value ({@code CN=mallory,CN=alice}), the values of one multi-valued RDN are
 *                joined with {@code +}, and a {@code ,} {@code +} {@code =} inside a value is
 *                always escaped ({@code CN=alice\,CN\=mallory} is one common name)
 * @param attributes every text value of each known attribute, in the order they appear in the
 *                   encoding (each value kept separate, also those of a multi-valued RDN)
 * @param prepared the same values in {@link StringPreparation}'s form, as mapping rules compare
 *                 them: prepared once here rather than at every rule of every connection
 */
public record DistinguishedName(String rfc4514, Map<NameAttribute, List<String>> attributes,
                                Map<NameAttribute, List<String>> prepared) {

    public DistinguishedName {
        attributes = copy(attributes);
        prepared = copy(prepared);
    }

    /** A name with these values, prepared here. */
    public DistinguishedName(String rfc4514, Map<NameAttribute, List<String>> attributes) {
        this(rfc4514, attributes, prepare(attributes));
    }

    private static Map<NameAttribute, List<String>> copy(Map<NameAttribute, List<String>> attributes) {
        EnumMap<NameAttribute, List<String>> copy = new EnumMap<>(NameAttribute.class);
        attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static Map<NameAttribute, List<String>> prepare(Map<NameAttribute, List<String>> attributes) {
        EnumMap<NameAttribute, List<String>> prepared = new EnumMap<>(NameAttribute.class);
        attributes.forEach((k, v) -> prepared.put(k, v.stream().map(StringPreparation::prepare).toList()));
        return prepared;
    }

    /** Reads a principal; never fails for a name the JDK could decode. */
    public static DistinguishedName of(X500Principal principal) {
        return READ.get(principal, DistinguishedName::read);
    }

    /**
     * Names read, by principal object. A certificate hands out the same principal object each
     * time it is asked, and a verdict asks for the names of the same few certificates many times
     * (for its details, warnings and logs): reading them is a fifth of a verdict's own work when
     * its signatures are already known. Bounded and weak, as {@link DecodedCertificate} is.
     */
    private static final com.github.benmanes.caffeine.cache.Cache<X500Principal, DistinguishedName> READ =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .weakKeys()
                    .maximumSize(DecodedCertificate.REMEMBERED)
                    .executor(Runnable::run)
                    .build();

    private static DistinguishedName read(X500Principal principal) {
        List<List<NameReader.Value>> rdns;
        try {
            rdns = NameReader.read(principal.getEncoded());
        } catch (NameReader.MalformedName e) {
            // Only BER the JDK tolerates and DER forbids gets here; show what the JDK reads and
            // offer no values to match.
            return new DistinguishedName(principal.getName(X500Principal.RFC2253), Map.of());
        }
        EnumMap<NameAttribute, List<String>> values = new EnumMap<>(NameAttribute.class);
        for (List<NameReader.Value> rdn : rdns) {
            for (NameReader.Value value : rdn) {
                NameAttribute attribute = NameAttribute.byOid(value.oid());
                if (attribute != null && value.text().isPresent()) {
                    values.computeIfAbsent(attribute, k -> new ArrayList<>()).add(value.text().get());
                }
            }
        }
        return new DistinguishedName(Rfc4514.name(rdns), values);
    }

    /** The text values of one attribute (empty when absent), each value separate. */
    public List<String> values(NameAttribute attribute) {
        return attributes.getOrDefault(attribute, List.of());
    }

    /** The values of one attribute in {@link StringPreparation}'s form, in the same order as {@link #values}. */
    public List<String> preparedValues(NameAttribute attribute) {
        return prepared.getOrDefault(attribute, List.of());
    }

    /**
     * The common name when there is exactly one, or the whole name: a short label for messages.
     * With two CNs the label is the whole name, so a message never shows one and hides the other.
     */
    public String shortLabel() {
        List<String> cn = values(NameAttribute.CN);
        return cn.size() == 1 ? "CN=" + Rfc4514.value(cn.get(0)) : rfc4514;
    }

    /**
     * One value as it appears in {@link #rfc4514}: RFC 4514 escapes, and invisible characters
     * (such as U+200B) as {@code \xx} UTF-8 escapes, so a person sees every character.
     */
    public static String escape(String value) {
        return Rfc4514.value(value);
    }

    @Override
    public String toString() {
        return rfc4514;
    }
}
