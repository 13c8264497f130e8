package io.certgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The strict parser the metrics tests rely on: it must accept the format and refuse what breaks it. */
class PrometheusTextTest {

    @Test
    void parsesFamiliesLabelsEscapesAndHistograms() {
        var families = PrometheusText.parse("""
                # HELP requests_total Requests, "quoted" and a \\\\ backslash
                # TYPE requests_total counter
                requests_total{site="a\\"b\\\\c\\nd",status="200"} 3.0
                requests_total{site="x",status="403"} 1 1700000000000
                # TYPE latency_seconds histogram
                latency_seconds_bucket{le="0.1"} 1.0
                latency_seconds_bucket{le="+Inf"} 2.0
                latency_seconds_count 2.0
                latency_seconds_sum 0.5
                # TYPE up gauge
                up NaN
                """);
        assertThat(families.get("requests_total").value(Map.of("site", "a\"b\\c\nd", "status", "200"))).isEqualTo(3.0);
        assertThat(families.get("latency_seconds").type()).isEqualTo("histogram");
        assertThat(families.get("up").samples()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1bad_name 1\n",
            "m{1x=\"a\"} 1\n",
            "m{__x=\"a\"} 1\n",
            "m{a=\"x\\t\"} 1\n",
            "m{a=\"x\",} 1\n",
            "m{a=\"x\"b=\"y\"} 1\n",
            "m{a=\"x\",a=\"y\"} 1\n",
            "m{a=\"x 1\n",
            "m 1 2 3\n",
            "m one\n",
            "m 1\nm 1\n",
            "# TYPE m counter\nm -1\n",
            "# TYPE m teapot\nm 1\n",
            "# TYPE m counter\n# TYPE m counter\nm 1\n",
            "m 1\n# TYPE m counter\n",
            "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"y\"} 2\n",
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n",
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\n",
            "m 1"})
    void refusesWhatBreaksTheFormat(String text) {
        assertThatThrownBy(() -> PrometheusText.parse(text)).isInstanceOf(AssertionError.class);
    }
}
