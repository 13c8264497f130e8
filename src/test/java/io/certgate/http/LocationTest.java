package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ClientCertMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A location's prefix matches whole path segments, as IIS applications and nginx's prefix locations do. */
class LocationTest {

    private static final Location PUBLIC = new Location("/public", ClientCertMode.IGNORE, null);
    private static final Location ROOT = new Location("/", ClientCertMode.REQUIRE, null);

    @ParameterizedTest
    @ValueSource(strings = {"/public", "/public/", "/public/a", "/public/a/b.css"})
    void prefixMatchesItselfAndEverythingBelowIt(String path) {
        assertThat(PUBLIC.matches(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/publicity", "/public-old/a", "/publi", "/", "/other/public"})
    void prefixDoesNotMatchAnotherSegmentThatStartsTheSame(String path) {
        assertThat(PUBLIC.matches(path)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/publicity/x"})
    void rootMatchesEveryPath(String path) {
        assertThat(ROOT.matches(path)).isTrue();
    }
}
