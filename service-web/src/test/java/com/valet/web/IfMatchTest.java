package com.valet.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IfMatchTest {

    @Test
    void readsStrongAndWeakEtags() {
        assertEquals(3L, IfMatch.requiredVersion("\"3\""));
        assertEquals(12L, IfMatch.requiredVersion(" W/\"12\" "));
    }

    @Test
    void aMissingHeaderIs428AndAForeignTagIs412() {
        assertEquals(428, assertThrows(ProblemException.class, () -> IfMatch.requiredVersion(null)).status());
        assertEquals(428, assertThrows(ProblemException.class, () -> IfMatch.requiredVersion(" ")).status());
        assertEquals(412, assertThrows(ProblemException.class, () -> IfMatch.requiredVersion("\"abc\"")).status());
    }
}
