package io.certgate.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6125 §6.4 DNS-ID matching, wildcards included. */
class ServerNameCheckTest {

    @Test
    void namesCompareWithoutRegardToAsciiCaseOrATrailingDot() {
        assertThat(ServerNameCheck.dnsMatches("App.Internal", "app.internal.")).isTrue();
        assertThat(ServerNameCheck.dnsMatches("app.internal", "app.internal.example")).isFalse();
    }

    @Test
    void aWildcardStandsForExactlyOneWholeLeftMostLabel() {
        assertThat(ServerNameCheck.dnsMatches("*.example.com", "app.example.com")).isTrue();
        assertThat(ServerNameCheck.dnsMatches("*.example.com", "a.b.example.com")).isFalse();
        assertThat(ServerNameCheck.dnsMatches("*.example.com", "example.com")).isFalse();
        assertThat(ServerNameCheck.dnsMatches("*.com", "example.com")).as("not over a top-level name").isFalse();
        assertThat(ServerNameCheck.dnsMatches("app*.example.com", "app1.example.com")).as("partial label").isFalse();
        assertThat(ServerNameCheck.dnsMatches("app.*.com", "app.example.com")).isFalse();
    }
}
