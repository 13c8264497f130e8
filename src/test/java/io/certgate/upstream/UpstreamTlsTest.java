package io.certgate.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certgate.config.ConfigException;
import io.certgate.config.FileRef;
import io.certgate.config.Origin;
import io.certgate.config.UpstreamTlsConfig;
import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building certgate's TLS client to a backend from files: errors at their keys, equality by content, SNI. */
class UpstreamTlsTest {

    private static final Instant NOW = Instant.now();
    private static final TestPki PKI = TestPki.create(NOW, "Backend");

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        PKI.root().writeCertificate(dir.resolve("root.pem"));
        Credential client = PKI.client("gateway").build();
        client.writeChain(dir.resolve("client.pem"));
        client.writeKey(dir.resolve("client.key"));
    }

    private FileRef ref(String name, int line) {
        return new FileRef(dir.resolve(name), new Origin(dir.resolve("certgate.yaml"), line, "proxy.tls." + name));
    }

    private UpstreamTlsConfig config(String serverName) {
        return new UpstreamTlsConfig(List.of(ref("root.pem", 3)), serverName, Optional.of(ref("client.pem", 5)),
                Optional.of(ref("client.key", 6)), new Origin(dir.resolve("certgate.yaml"), 2, "proxy.tls"));
    }

    private static UpstreamTls load(UpstreamTlsConfig config) throws ConfigException {
        return UpstreamTls.load(config, SslProvider.JDK, Clock.systemUTC());
    }

    @Test
    void theSameFilesMakeEqualClientsAndAChangedCertificateAnother() throws Exception {
        UpstreamTls first = load(config("app.internal"));
        UpstreamTls again = load(config("app.internal"));
        assertThat(again).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(first.clientSubject()).contains("CN=gateway,O=certgate tests");

        Credential renewed = PKI.client("gateway").build();
        renewed.writeChain(dir.resolve("client.pem"));
        renewed.writeKey(dir.resolve("client.key"));

        assertThat(load(config("app.internal"))).isNotEqualTo(first);
        assertThat(load(config("other.internal"))).isNotEqualTo(load(config("app.internal")));
    }

    @Test
    void aKeyOfAnotherCertificateIsAnErrorAtTheKeysLine() throws Exception {
        PKI.client("someone-else").build().writeKey(dir.resolve("client.key"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(config("app.internal")));

        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.origin().line()).isEqualTo(6);
            assertThat(error.message()).startsWith("this private key does not belong to the certificate in");
        });
    }

    @Test
    void aFileThatIsNoPemIsAnErrorAtItsKey() throws Exception {
        Files.writeString(dir.resolve("root.pem"), "not a certificate\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(config("app.internal")));

        assertThat(e.errors()).singleElement().satisfies(error -> assertThat(error.origin().line()).isEqualTo(3));
    }

    @Test
    void aHandlerSendsTheServerNameAsSniButNeverAnAddress() throws Exception {
        SslHandler named = load(config("localhost")).newHandler(ByteBufAllocator.DEFAULT, 8443, Duration.ofSeconds(2));
        SslHandler addressed = load(config("127.0.0.1")).newHandler(ByteBufAllocator.DEFAULT, 8443, Duration.ofSeconds(2));

        assertThat(named.engine().getSSLParameters().getServerNames()).containsExactly(new SNIHostName("localhost"));
        assertThat(named.engine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(named.getHandshakeTimeoutMillis()).isEqualTo(2000);
        assertThat(addressed.engine().getSSLParameters().getServerNames()).isNullOrEmpty();
    }
}
