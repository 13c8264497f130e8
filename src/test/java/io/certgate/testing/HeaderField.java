package io.certgate.testing;

import java.util.List;

/**
 * One field line as a peer sent it: the name exactly as written (case kept) and the value with
 * the optional whitespace around it removed (RFC 9110 §5.5), bytes read as ISO-8859-1.
 */
public record HeaderField(String name, String value) {

    /** The values of every field named {@code name} (case-insensitive), in the order received. */
    public static List<String> values(List<HeaderField> fields, String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(HeaderField::value).toList();
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
