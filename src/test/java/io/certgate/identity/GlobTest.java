package io.certgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wildcard matcher behind matchCriteria: exact semantics, and no exponential backtracking. */
class GlobTest {

    private static boolean matches(String pattern, String value) {
        return Glob.compile(pattern, true).matches(value);
    }

    @Test
    void starMatchesEmptyAndAnyRun() {
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("*", "anything")).isTrue();
        assertThat(matches("a*", "a")).isTrue();
        assertThat(matches("a*b", "ab")).isTrue();
        assertThat(matches("a*b", "axxb")).isTrue();
        assertThat(matches("a*b", "axxbx")).isFalse();
        assertThat(matches("a**b", "axb")).isTrue();
        assertThat(matches("*b*b", "abcbcb")).isTrue();
    }

    @Test
    void starBacktracksToTheLastStarOnly() {
        assertThat(matches("*ab*ab", "xabyabzab")).isTrue();
        assertThat(matches("*ab*abc", "xabyabzab")).isFalse();
    }

    @Test
    void questionMarkIsOneCharacterNotNone() {
        assertThat(matches("a?c", "abc")).isTrue();
        assertThat(matches("a?c", "ac")).isFalse();
        assertThat(matches("?", "")).isFalse();
        assertThat(matches("*?", "")).isFalse();
        assertThat(matches("*?", "x")).isTrue();
    }

    @Test
    void emptyPatternMatchesOnlyTheEmptyValue() {
        assertThat(matches("", "")).isTrue();
        assertThat(matches("", "a")).isFalse();
    }

    @Test
    void questionMarkMatchesACharacterOutsideTheBasicPlaneAsOne() {
        String rocket = new String(Character.toChars(0x1F680));
        assertThat(matches("team-?", "team-" + rocket)).isTrue();
        assertThat(matches("team-??", "team-" + rocket)).isFalse();
        assertThat(matches("*" + rocket, "go" + rocket)).isTrue();
    }

    @Test
    void caseInsensitiveFoldsBothSides() {
        Glob glob = Glob.compile("SaLeS*", false);
        assertThat(glob.matches("sales east")).isTrue();
        assertThat(glob.matches("SALES")).isTrue();
        assertThat(glob.matches("marketing")).isFalse();
        assertThat(Glob.compile("straße", false).matches("STRASSE")).isFalse();
        assertThat(Glob.compile("ÉQUIPE", false).matches("équipe")).isTrue();
    }

    @Test
    void hostilePatternOnALongValueFinishesQuickly() {
        String value = "a".repeat(100_000);
        String pattern = "*a".repeat(50) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(matches(pattern, value)).isFalse());
    }
}
