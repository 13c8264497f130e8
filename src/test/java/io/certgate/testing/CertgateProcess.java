package io.certgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code bin/certgate} as a child process, as a user starts it. Output lines (stdout
 * and stderr merged) are collected so that tests can wait for "listening on https://...:PORT".
 * Closing sends SIGTERM (twice: no graceful waiting) and waits; a process that does not stop is killed.
 */
public final class CertgateProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on https://[^ ]+:(\\d+)");

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private CertgateProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "certgate-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The launcher: the system property certgate.launcher (set by the build), else bin/certgate. */
    public static Path launcher() {
        return Path.of(System.getProperty("certgate.launcher", "bin/certgate")).toAbsolutePath();
    }

    public static CertgateProcess start(Path workingDir, String... args) {
        return start(workingDir, java.util.Map.of(), args);
    }

    /** Starts with extra environment variables (such as CERTGATE_JAVA_OPTS=-Xmx64m). */
    public static CertgateProcess start(Path workingDir, java.util.Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            return new CertgateProcess(builder.start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        }
    }

    /**
     * Runs {@code certgate run -c config} after {@code certgate check -c config} passed, as an
     * administrator would: a test whose configuration does not check fails on check's own message.
     */
    public static CertgateProcess startChecked(Path workingDir, String config) {
        return startChecked(workingDir, java.util.Map.of(), config);
    }

    /** The same, with these environment variables (e.g. {@code CERTGATE_JAVA_OPTS}). */
    public static CertgateProcess startChecked(Path workingDir, java.util.Map<String, String> environment, String config) {
        Processes.Result check = run(workingDir, environment, "check", "-c", config);
        if (check.exitCode() != 0) {
            throw new AssertionError("certgate check -c " + config + " failed:\n" + check.all());
        }
        return start(workingDir, environment, "run", "-c", config);
    }

    /** Runs a command to completion (check, verify, explain...). */
    public static Processes.Result run(Path workingDir, String... args) {
        return run(workingDir, java.util.Map.of(), args);
    }

    /** Runs a command to completion with extra environment variables (such as CERTGATE_JAVA_OPTS). */
    public static Processes.Result run(Path workingDir, java.util.Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        return Processes.run(command, workingDir, null, 60, environment);
    }

    /** Waits for a line matching the pattern and returns its match. */
    public Matcher awaitLine(Pattern pattern, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (String line : seen) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive() && lines.isEmpty()) {
                        break;
                    }
                    continue;
                }
                seen.add(line);
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no line matching " + pattern + " within " + timeoutSeconds + "s; output:\n" + output());
    }

    /** Waits until the gateway listens and returns its HTTPS port. */
    public int awaitListening() {
        return Integer.parseInt(awaitLine(LISTENING, 60).group(1));
    }

    /** Everything printed so far. */
    public String output() {
        lines.drainTo(seen);
        return String.join("\n", seen);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the process to end on its own, returning its exit code. */
    public int awaitExit(long timeoutSeconds) {
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError("still running after " + timeoutSeconds + "s; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Stops the process: SIGTERM twice, so that its graceful stop does not wait (for
     * {@code shutdown.drainDelay}, 5 s by default, and for open connections) in every test; a
     * test of the graceful stop itself sends one SIGTERM and waits for the exit.
     */
    @Override
    public void close() {
        process.destroy();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
