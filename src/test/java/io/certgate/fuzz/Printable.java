package io.certgate.fuzz;

/** Bytes as a Java string literal would show them, so that a finding can be read and pasted into a test. */
final class Printable {

    /** Longest rendering shown in a message; a fuzz input is rarely longer. */
    static final int MAX_CHARS = 4000;

    private Printable() {
    }

    static String of(byte[] bytes) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
            if (out.length() > MAX_CHARS) {
                return out.append("...\" (").append(bytes.length).append(" bytes)").toString();
            }
        }
        return out.append('"').toString();
    }
}
