package io.certgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child processes for tests: a command run to completion with a time limit, or a JVM started and stopped. */
public final class Processes {

    /** What a finished command printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    private Processes() {
    }

    public static Result run(List<String> command, Path dir, String stdin, long timeoutSeconds) {
        return run(command, dir, stdin, timeoutSeconds, java.util.Map.of());
    }

    /** Runs with extra environment variables. */
    public static Result run(List<String> command, Path dir, String stdin, long timeoutSeconds,
                             java.util.Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            var out = drain(process.getInputStream());
            var err = drain(process.getErrorStream());
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeoutSeconds + "s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Reads a stream on a background thread so a chatty process never blocks on a full pipe. */
    static java.util.function.Supplier<String> drain(InputStream stream) {
        StringBuilder text = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                text.append(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process died; what was read is kept
            }
        });
        reader.setDaemon(true);
        reader.start();
        return () -> {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (text) {
                return text.toString();
            }
        };
    }

    /** A JVM child started by {@link #startJavaMain}, and the text after its ready line's prefix. */
    public record StartedJvm(Process process, String ready) {
    }

    /**
     * Starts {@code main} in its own JVM with this test's class path, and waits for its first output
     * line, which must start with {@code readyPrefix}; later output is drained so the child never
     * blocks on a full pipe. A child that says anything else is killed and the test fails.
     */
    public static StartedJvm startJavaMain(Class<?> main, String readyPrefix, String... args) {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaCommand, "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith(readyPrefix)) {
                process.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " did not start: " + line);
            }
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // keep the pipe empty
                    }
                } catch (IOException ignored) {
                    // ended
                }
            }, main.getSimpleName() + "-output");
            drain.setDaemon(true);
            drain.start();
            return new StartedJvm(process, line.substring(readyPrefix.length()).trim());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + main.getSimpleName(), e);
        }
    }

    /** Stops a child: SIGTERM, then SIGKILL after 10 s. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
