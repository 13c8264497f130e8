package io.certgate.http;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The body of a request a handler answered by itself (a refusal, a static file): its pieces must
 * not reach the handlers after it, which would take them for the next request's.
 */
final class DiscardedBody {

    private boolean discarding;

    /** {@code request} has been answered: whatever body follows it is dropped. */
    void after(HttpRequest request) {
        discarding = !(request instanceof LastHttpContent);
    }

    /** True when {@code msg} is a piece of a dropped body; it is then released. */
    boolean drop(Object msg) {
        if (!discarding || !(msg instanceof HttpContent)) {
            return false;
        }
        discarding = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        return true;
    }
}
