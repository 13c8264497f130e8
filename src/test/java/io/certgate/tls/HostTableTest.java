package io.certgate.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Site lookup by SNI or Host, as nginx's server_name: exact, then longest wildcard, then the default. */
class HostTableTest {

    @SafeVarargs
    private static HostTable<String> table(Map.Entry<List<String>, String>... sites) {
        return new HostTable<>(List.of(sites));
    }

    private static Map.Entry<List<String>, String> site(String name, String... hosts) {
        return Map.entry(List.of(hosts), name);
    }

    @Test
    void exactNameFindsItsSite() {
        HostTable<String> hosts = table(site("app", "app.example.com", "localhost"), site("api", "api.example.com"));

        assertThat(hosts.lookup("api.example.com")).isEqualTo("api");
        assertThat(hosts.lookup("localhost")).isEqualTo("app");
    }

    @Test
    void wildcardMatchesSubdomainsAtAnyDepthButNotTheDomainItself() {
        HostTable<String> hosts = table(site("default", "*"), site("wild", "*.example.com"));

        assertThat(hosts.find("a.example.com")).contains("wild");
        assertThat(hosts.find("a.b.c.example.com")).contains("wild");
        assertThat(hosts.find("example.com")).isEmpty();
        assertThat(hosts.find("badexample.com")).isEmpty();
        assertThat(hosts.find("example.com.evil.net")).isEmpty();
    }

    @Test
    void longestWildcardWins() {
        HostTable<String> hosts = table(site("short", "*.example.com"), site("long", "*.eu.example.com"));

        assertThat(hosts.lookup("shop.eu.example.com")).isEqualTo("long");
        assertThat(hosts.lookup("a.shop.eu.example.com")).isEqualTo("long");
        assertThat(hosts.lookup("shop.us.example.com")).isEqualTo("short");
    }

    @Test
    void exactNameWinsOverAWildcard() {
        HostTable<String> hosts = table(site("wild", "*.example.com"), site("exact", "app.example.com"));

        assertThat(hosts.lookup("app.example.com")).isEqualTo("exact");
        assertThat(hosts.lookup("other.example.com")).isEqualTo("wild");
    }

    @Test
    void starSiteIsTheDefaultWhereverItIsListed() {
        HostTable<String> hosts = table(site("app", "app.example.com"), site("fallback", "*"));

        assertThat(hosts.defaultSite()).isEqualTo("fallback");
        assertThat(hosts.lookup("unknown.example.org")).isEqualTo("fallback");
        assertThat(hosts.lookup(null)).isEqualTo("fallback");
        assertThat(hosts.lookup("")).isEqualTo("fallback");
    }

    @Test
    void firstSiteIsTheDefaultWhenNoneSaysStar() {
        HostTable<String> hosts = table(site("first", "a.example.com"), site("second", "b.example.com"));

        assertThat(hosts.defaultSite()).isEqualTo("first");
        assertThat(hosts.lookup("unknown.example.org")).isEqualTo("first");
    }

    @Test
    void findIgnoresTheDefaultSite() {
        // RequestGate answers 421 only when Host names a site explicitly; the default site never counts.
        HostTable<String> hosts = table(site("app", "app.example.com"), site("fallback", "*"));

        assertThat(hosts.find("unknown.example.org")).isEmpty();
        assertThat(hosts.find(null)).isEmpty();
    }

    @Test
    void namesAreCaseInsensitive() {
        HostTable<String> hosts = table(site("app", "App.Example.COM"), site("wild", "*.Wild.Example"));

        assertThat(hosts.find("APP.example.com")).contains("app");
        assertThat(hosts.find("x.WILD.example")).contains("wild");
    }

    @Test
    void trailingDotOfAFullyQualifiedNameIsIgnored() {
        HostTable<String> hosts = table(site("app", "app.example.com"), site("wild", "*.example.net"));

        assertThat(hosts.find("app.example.com.")).contains("app");
        assertThat(hosts.find("a.example.net.")).contains("wild");
    }

    @Test
    void firstSiteToClaimANameKeepsIt() {
        HostTable<String> hosts = table(site("first", "app.example.com", "*.example.com"),
                site("second", "app.example.com", "*.example.com"));

        assertThat(hosts.lookup("app.example.com")).isEqualTo("first");
        assertThat(hosts.lookup("x.example.com")).isEqualTo("first");
    }
}
