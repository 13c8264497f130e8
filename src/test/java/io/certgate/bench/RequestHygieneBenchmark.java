package io.certgate.bench;

import io.certgate.config.HttpConfig;
import io.certgate.config.IdentityHeaderNames;
import io.certgate.http.RequestPath;
import io.certgate.http.request.RequestHygiene;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What checking one request head costs on the request path: {@link RequestHygiene#clean} (framing,
 * Host, method, removing protected headers) and {@link RequestPath#read}, for a browser-like
 * request of 12 headers. Against it, {@code removeIdentityHeadersOnly} is what the request path
 * did before the hardening (removing the 12 identity header names), so the ratio is the price of
 * the checks. Each call works on a fresh copy of the head, as each request brings its own; the
 * copy alone is {@code copyOnly}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestHygieneBenchmark {

    private static final String TARGET = "/app/users/42/profile.json?tab=settings&lang=en";

    private final RequestHygiene hygiene = new RequestHygiene(IdentityHeaderNames.DEFAULTS, HttpConfig.DEFAULTS, r -> { });
    private List<AsciiString> identityNames;
    private HttpRequest template;

    @Setup
    public void setUp() {
        template = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, TARGET);
        template.headers()
                .add("Host", "app.example.com")
                .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36")
                .add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .add("Accept-Language", "en-US,en;q=0.9")
                .add("Accept-Encoding", "gzip, deflate, br")
                .add("Connection", "keep-alive")
                .add("Cookie", "session=0123456789abcdef; theme=dark")
                .add("Cache-Control", "max-age=0")
                .add("Upgrade-Insecure-Requests", "1")
                .add("Sec-Fetch-Dest", "document")
                .add("Sec-Fetch-Mode", "navigate")
                .add("Referer", "https://app.example.com/app/users/42");
        identityNames = IdentityHeaderNames.DEFAULTS.configured().stream()
                .map(n -> AsciiString.cached(n.toLowerCase(Locale.ROOT))).toList();
    }

    private HttpRequest copy() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, TARGET);
        request.headers().set(template.headers());
        return request;
    }

    @Benchmark
    public HttpRequest copyOnly() {
        return copy();
    }

    @Benchmark
    public HttpRequest removeIdentityHeadersOnly() {
        HttpRequest request = copy();
        for (AsciiString name : identityNames) {
            request.headers().remove(name);
        }
        return request;
    }

    @Benchmark
    public Object cleanOnly() {
        HttpRequest request = copy();
        hygiene.clean(request, false);
        return request;
    }

    @Benchmark
    public Object readPathOnly() {
        return RequestPath.read(TARGET);
    }

    @Benchmark
    public Object cleanAndReadPath() {
        HttpRequest request = copy();
        hygiene.clean(request, false);
        return RequestPath.read(request.uri());
    }
}
