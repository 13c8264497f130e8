package io.certgate.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Handshake failures as both providers word them, sorted into the metric's reasons. */
class HandshakeFailureTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA | ALERT",
            "error:10000416:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_UNKNOWN | ALERT",
            "Received fatal alert: certificate_unknown | ALERT",
            "error:100000f0:SSL routines:OPENSSL_internal:UNSUPPORTED_PROTOCOL | PROTOCOL",
            "error:100000b8:SSL routines:OPENSSL_internal:NO_SHARED_CIPHER | PROTOCOL",
            "error:100000f3:SSL routines:OPENSSL_internal:WRONG_CURVE | PROTOCOL",
            "no cipher suites in common | PROTOCOL",
            "Client requested protocol TLSv1.1 is not enabled or supported in server context | PROTOCOL",
            "error:1000009c:SSL routines:OPENSSL_internal:HTTP_REQUEST | NOT_TLS",
            "Unsupported or unrecognized SSL message | NOT_TLS",
            "Connection closed while SSL/TLS handshake was in progress | CLOSED",
            "error:10000070:SSL routines:OPENSSL_internal:BAD_PACKET_LENGTH | ALERT",
            "error:10000066:SSL routines:OPENSSL_internal:BAD_ALERT | OTHER"})
    void providerMessagesAreSorted(String message, HandshakeFailure expected) {
        assertThat(HandshakeFailure.of(new DecoderException(new SSLHandshakeException(message)))).isEqualTo(expected);
    }

    @Test
    void exceptionTypesSpeakForThemselves() {
        assertThat(HandshakeFailure.of(new SslHandshakeTimeoutException("handshake timed out after 10000ms")))
                .isEqualTo(HandshakeFailure.TIMEOUT);
        assertThat(HandshakeFailure.of(new NotSslRecordException("not an SSL/TLS record: 474554"))).isEqualTo(HandshakeFailure.NOT_TLS);
        assertThat(HandshakeFailure.of(new ClosedChannelException())).isEqualTo(HandshakeFailure.CLOSED);
        assertThat(HandshakeFailure.of(new IOException("Connection reset by peer"))).isEqualTo(HandshakeFailure.CLOSED);
        assertThat(HandshakeFailure.of(new IllegalStateException())).isEqualTo(HandshakeFailure.OTHER);
    }

    @Test
    void labelsAreLowerCase() {
        assertThat(HandshakeFailure.NOT_TLS.label()).isEqualTo("not_tls");
    }
}
