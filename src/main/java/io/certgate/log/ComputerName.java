package io.certgate.log;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's host name for {@code s-computername}, read once per log file: it is the same on every line. */
final class ComputerName {

    private ComputerName() {
    }

    static String get() {
        return look();
    }

    /**
     * {@code /etc/hostname} first: {@link InetAddress#getLocalHost()} may ask DNS, and a machine
     * without a resolver for its own name waits seconds for the answer.
     */
    private static String look() {
        try {
            String file = Files.readString(Path.of("/etc/hostname")).trim();
            if (!file.isEmpty()) {
                return file;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or unreadable: ask the JDK
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }
}
