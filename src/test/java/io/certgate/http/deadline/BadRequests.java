package io.certgate.http.deadline;

import io.certgate.log.GatewayMetrics;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code certgate_bad_requests_total{reason}} from a metrics scrape. */
final class BadRequests {

    private BadRequests() {
    }

    static double count(GatewayMetrics metrics, String reason) {
        Matcher m = Pattern.compile("certgate_bad_requests_total\\{reason=\"" + Pattern.quote(reason) + "\"} (\\S+)")
                .matcher(metrics.scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
