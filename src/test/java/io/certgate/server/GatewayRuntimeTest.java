package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.config.ConfigException;
import io.certgate.config.ConfigLoader;
import io.certgate.config.GatewayConfig;
import io.certgate.log.GatewayMetrics;
import io.certgate.testing.World;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runtime's lifetime across a reload: kept while a connection uses it, its access log handed on or closed. */
class GatewayRuntimeTest {

    @TempDir
    Path dir;

    private GatewayConfig config(String topLevel) throws Exception {
        Path file = dir.resolve("certgate.yaml");
        Files.writeString(file, World.standardConfig("", topLevel));
        return ConfigLoader.load(file);
    }

    private RuntimeBuilder builder() {
        return new RuntimeBuilder(SslProvider.JDK, Runnable::run, Clock.systemUTC(), "test", new GatewayMetrics());
    }

    @Test
    void aRetiredRuntimeWaitsForItsLastConnection() throws Exception {
        World.create(dir);
        GatewayRuntime runtime = builder().build(config(""));
        AtomicInteger unused = new AtomicInteger();
        assertThat(runtime.tryRetain()).as("a connection takes it").isTrue();

        runtime.retire(unused::incrementAndGet);
        assertThat(unused).as("still in use").hasValue(0);
        runtime.release();
        assertThat(unused).hasValue(1);
        assertThat(runtime.tryRetain()).as("no new connection takes a runtime nobody uses any more").isFalse();
        runtime.close();
        assertThat(runtime.notReadyBecause()).contains("the runtime is closed");
    }

    @Test
    void aReloadWithTheSameAccessLogSettingsWritesToTheSameLog() throws Exception {
        World.create(dir);
        RuntimeBuilder builder = builder();
        GatewayRuntime first = builder.build(config("accessLog:\n  file: logs/access.log\n"));
        GatewayRuntime same = builder.build(config("accessLog:\n  file: logs/access.log\nerrors:\n  detail: terse\n"),
                Optional.of(first));
        GatewayRuntime moved = builder.build(config("accessLog:\n  file: logs/other.log\n"), Optional.of(same));
        try {
            assertThat(same.accessLog).isSameAs(first.accessLog);
            assertThat(moved.accessLog).isNotSameAs(same.accessLog);
            assertThat(first.notReadyBecause()).isEmpty();
        } finally {
            first.close(false, false);
            same.close();
            moved.close();
        }
        assertThat(dir.resolve("logs/other.log")).exists();
    }

    @Test
    void aReloadWithTheSameConnectionLogSettingsWritesToTheSameLog() throws Exception {
        World.create(dir);
        RuntimeBuilder builder = builder();
        GatewayRuntime first = builder.build(config("connectionLog:\n  file: logs/connections.log\n"));
        GatewayRuntime same = builder.build(config("connectionLog: { file: logs/connections.log, format: json }\n"),
                Optional.of(first));
        GatewayRuntime moved = builder.build(config("connectionLog:\n  file: logs/other.log\n"), Optional.of(same));
        GatewayRuntime none = builder.build(config(""), Optional.of(moved));
        try {
            assertThat(first.connectionLog.writesRecords()).isTrue();
            assertThat(same.connectionLog).isSameAs(first.connectionLog);
            assertThat(moved.connectionLog).isNotSameAs(same.connectionLog);
            assertThat(none.connectionLog.writesRecords()).isFalse();
        } finally {
            first.close(false, false);
            same.close();
            moved.close();
            none.close();
        }
        assertThat(dir.resolve("logs/connections.log")).exists();
        assertThat(dir.resolve("logs/other.log")).exists();
    }

    @Test
    void theSameAccessLogWrittenElsewhereInTheFileIsStillTheSameLog() throws Exception {
        World.create(dir);
        RuntimeBuilder builder = builder();
        GatewayRuntime first = builder.build(config("accessLog:\n  file: logs/access.log\n"));
        GatewayRuntime moved = builder.build(config("errors:\n  detail: terse\naccessLog:\n  file: logs/access.log\n"),
                Optional.of(first));
        try {
            assertThat(moved.config.accessLog().get().origin().line())
                    .isNotEqualTo(first.config.accessLog().get().origin().line());
            assertThat(moved.accessLog).isSameAs(first.accessLog);
        } finally {
            first.close(false, false);
            moved.close();
        }
    }

    @Test
    void anAccessLogThatCannotBeWrittenIsAConfigErrorAtItsLine() throws Exception {
        World.create(dir);
        Files.writeString(dir.resolve("logs"), "a file where the log's folder should be\n");
        GatewayConfig config = config("errors:\n  detail: terse\naccessLog:\n  file: logs/access.log\n");
        int line = (int) Files.readAllLines(config.file()).stream().takeWhile(l -> !l.contains("file: logs/access.log"))
                .count() + 1;

        assertThatThrownBy(() -> builder().build(config))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> {
                            assertThat(error.origin().line()).isEqualTo(line);
                            assertThat(error.origin().key()).isEqualTo("accessLog.file");
                            assertThat(error.message()).isEqualTo("cannot write the access log " + dir.resolve("logs/access.log")
                                    + ": " + dir.resolve("logs") + " is not a directory");
                        }));
    }
}
