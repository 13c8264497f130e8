package io.certgate.tls.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import io.certgate.tls.ServerCredentials;
import io.certgate.tls.SessionReuse;
import io.certgate.tls.TlsContexts;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rotation with real handshakes, in memory: certgate's own BoringSSL server contexts (as
 * {@link TlsContexts} builds them, with keys applied) and the JDK's TLS client, which keeps the
 * tickets it is given and offers the latest one. Which context resumes shows which keys sealed and
 * opened the ticket.
 */
class TicketKeysTest {

    private final TestPki pki = TestPki.create(Instant.now());
    private final Credential server = pki.server("localhost");
    private final SecureRandom random = new SecureRandom();
    private final List<SslContext> contexts = new ArrayList<>();

    @AfterEach
    void release() {
        contexts.forEach(ReferenceCountUtil::release);
    }

    private TicketKey newKey() {
        byte[] file = new byte[TicketKeyFile.FILE_BYTES];
        random.nextBytes(file);
        return TicketKeyFile.parse(file).orElseThrow();
    }

    /** A site's BoringSSL server context holding {@code keys}, the first encrypting. */
    private SslContext site(String name, TicketKey... keys) throws Exception {
        SslContext context = TlsContexts.forSite(new ServerCredentials(server.privateKey(), server.chain()), true,
                List.of(pki.root().certificate()), SslProvider.OPENSSL);
        contexts.add(context);
        TicketKeys.of(List.of(keys)).applyTo(context, name);
        return context;
    }

    /** A TLS client with its own session cache, trusting the test root, speaking only {@code protocol}. */
    private SSLContext client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", pki.root().certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theFirstKeySealsNewTicketsAndEveryKeyOpensThem(String protocol) throws Exception {
        TicketKey previous = newKey();
        TicketKey current = newKey();
        SslContext beforeRotation = site("localhost", previous);
        SslContext rotated = site("localhost", current, previous);
        SslContext previousRetired = site("localhost", current);
        SSLContext client = client();

        assertThat(resumed(client, beforeRotation, protocol)).as("first visit: a full handshake").isFalse();
        assertThat(resumed(client, rotated, protocol)).as("a ticket sealed with the previous key opens with it in second place")
                .isTrue();
        assertThat(resumed(client, previousRetired, protocol))
                .as("the ticket the rotated instance gave was sealed with its first key, the only one left").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aTicketSealedWithAKeyNotListedDoesNotResume(String protocol) throws Exception {
        SslContext one = site("localhost", newKey());
        SslContext other = site("localhost", newKey());
        SSLContext client = client();

        assertThat(resumed(client, one, protocol)).isFalse();
        assertThat(resumed(client, other, protocol)).as("other keys: a full handshake").isFalse();
        assertThat(resumed(client, other, protocol)).as("the ticket from that full handshake resumes there").isTrue();
    }

    @Test
    void aTicketOfOneSiteDoesNotResumeOnAnotherSiteWithTheSameKeys() throws Exception {
        TicketKey shared = newKey();
        SslContext app = site("app", shared);
        SslContext admin = site("admin", shared);
        SSLContext client = client();

        assertThat(resumed(client, app, "TLSv1.3")).isFalse();
        assertThat(resumed(client, site("app", shared), "TLSv1.3")).as("the same site on another instance").isTrue();
        assertThat(resumed(client, admin, "TLSv1.3")).as("another site's session ID context").isFalse();
    }

    @Test
    void theJdksTlsContextTakesNoKeysAndSaysWhy() throws Exception {
        SslContext jdk = TlsContexts.forSite(new ServerCredentials(server.privateKey(), server.chain()), true,
                List.of(pki.root().certificate()), SslProvider.JDK);

        assertThatThrownBy(() -> TicketKeys.of(List.of(newKey())).applyTo(jdk, "localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BoringSSL provider");
    }

    /**
     * One connection of {@code client} to a fresh engine of {@code server}, handshake and one
     * exchange of application data (which carries TLS 1.3's NewSessionTicket to the client).
     *
     * @return whether the server resumed a session
     */
    private static boolean resumed(SSLContext client, SslContext server, String protocol) throws Exception {
        SSLEngine clientEngine = client.createSSLEngine("localhost", 443); // the cache key: same peer each time
        clientEngine.setUseClientMode(true);
        clientEngine.setEnabledProtocols(new String[] {protocol});
        SSLEngine serverEngine = server.newEngine(ByteBufAllocator.DEFAULT);
        try {
            ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
            ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
            ByteBuffer clientReceived = ByteBuffer.allocate(1 << 17);
            ByteBuffer serverReceived = ByteBuffer.allocate(1 << 17);
            ByteBuffer ping = ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer pong = ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII));
            clientEngine.beginHandshake();
            serverEngine.beginHandshake();
            for (int round = 0; round < 50 && (serverReceived.position() < 4 || clientReceived.position() < 4); round++) {
                move(clientEngine, ping, toServer, serverEngine, serverReceived);
                move(serverEngine, pong, toClient, clientEngine, clientReceived);
            }
            assertThat(clientReceived.position()).as("the connection carried data both ways").isEqualTo(4);
            return SessionReuse.resumed(serverEngine, Long.MAX_VALUE);
        } finally {
            ReferenceCountUtil.release(serverEngine);
        }
    }

    /** Wraps what {@code from} has to send (handshake or {@code data}) and lets {@code to} read all of it. */
    private static void move(SSLEngine from, ByteBuffer data, ByteBuffer wire, SSLEngine to, ByteBuffer received)
            throws Exception {
        SSLEngineResult wrapped;
        do {
            wrapped = from.wrap(data, wire);
            runTasks(from);
        } while (wrapped.bytesProduced() > 0);
        wire.flip();
        while (wire.hasRemaining()) {
            SSLEngineResult read = to.unwrap(wire, received);
            runTasks(to);
            if (read.bytesConsumed() == 0) {
                break;
            }
        }
        wire.compact();
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }
}
