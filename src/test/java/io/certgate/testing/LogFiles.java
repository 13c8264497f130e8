package io.certgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Waiting for a log file that a background thread writes (the access log) to show a line. */
public final class LogFiles {

    private LogFiles() {
    }

    /** Waits, a few milliseconds at a time, until the file's lines satisfy {@code condition}; returns them. */
    public static List<String> awaitLines(Path file, Predicate<List<String>> condition, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> lines = lines(file);
        while (!condition.test(lines)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + patience + ", " + file + " holds " + lines);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + file, e);
            }
            lines = lines(file);
        }
        return lines;
    }

    /** Waits until a line of the file has a match of {@code regex}. */
    public static List<String> awaitMatch(Path file, String regex, Duration patience) {
        Pattern pattern = Pattern.compile(regex);
        return awaitLines(file, lines -> lines.stream().anyMatch(line -> pattern.matcher(line).find()), patience);
    }

    /** The file's lines; none while it does not exist (yet, or again after a rotation). */
    public static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
