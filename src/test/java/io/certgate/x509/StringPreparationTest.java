package io.certgate.x509;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 4518-style preparation: what a person reads as the same name prepares to the same string. */
class StringPreparationTest {

    @Test
    void plainAsciiIsReturnedAsItIsWithoutCopying() {
        String plain = "Sales East";
        assertThat(StringPreparation.prepare(plain)).isSameAs(plain);
    }

    @Test
    void formatCharactersAreRemoved() {
        assertThat(StringPreparation.prepare("Contractors\u200b")).isEqualTo("Contractors");   // zero-width space
        assertThat(StringPreparation.prepare("Con\u00adtractors")).isEqualTo("Contractors");   // soft hyphen
        assertThat(StringPreparation.prepare("\ufeffContractors")).isEqualTo("Contractors");   // BOM / ZWNBSP
        assertThat(StringPreparation.prepare("Contr\u200dactors\u202e")).isEqualTo("Contractors"); // ZWJ, RLO
    }

    @Test
    void otherControlsAndVariationSelectorsAreRemoved() {
        assertThat(StringPreparation.prepare("Contr\u0000actors\u007f")).isEqualTo("Contractors");
        assertThat(StringPreparation.prepare("Contractors\ufe0f")).isEqualTo("Contractors");
    }

    @Test
    void insignificantSpacesAreTrimmedAndInnerRunsCollapsed() {
        assertThat(StringPreparation.prepare("Contractors ")).isEqualTo("Contractors");
        assertThat(StringPreparation.prepare("  Sales   East ")).isEqualTo("Sales East");
        assertThat(StringPreparation.prepare("Sales\tEast\r\n")).isEqualTo("Sales East");
    }

    @Test
    void everyKindOfSpaceIsASpace() {
        assertThat(StringPreparation.prepare("Sales\u00a0East")).isEqualTo("Sales East");  // no-break space
        assertThat(StringPreparation.prepare("Sales\u3000East")).isEqualTo("Sales East");  // ideographic space
        assertThat(StringPreparation.prepare("Sales\u2028East")).isEqualTo("Sales East");  // line separator
        assertThat(StringPreparation.prepare("Sales \u200b East")).isEqualTo("Sales East");
    }

    @Test
    void compatibilityFormsAreNormalizedWithNfkc() {
        assertThat(StringPreparation.prepare("\uff23\uff4f\uff4e\uff54\uff52\uff41\uff43\uff54\uff4f\uff52\uff53"))
                .isEqualTo("Contractors");                                                   // full-width
        assertThat(StringPreparation.prepare("\ufb01nance")).isEqualTo("finance");           // ligature fi
        assertThat(StringPreparation.prepare("Zoe\u0308")).isEqualTo("Zo\u00eb");            // e + combining diaeresis
    }

    @Test
    void caseIsKept_foldingIsTheGlobsJob() {
        assertThat(StringPreparation.prepare("CONTRACTORS\u200b")).isEqualTo("CONTRACTORS");
    }

    @Test
    void wildcardsSurvive() {
        assertThat(StringPreparation.prepare(" Sales  * ")).isEqualTo("Sales *");
    }

    @Test
    void onlyInvisibleCharactersPrepareToNothing() {
        assertThat(StringPreparation.prepare("\u200b \u00ad")).isEmpty();
    }
}
