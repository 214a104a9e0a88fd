package com.valet.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BearerTokenGuardTest {

    @Test
    void onlyCompactJwsShapesGoOnToVerification() {
        assertTrue(BearerTokenGuard.wellFormed("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"));
        assertTrue(BearerTokenGuard.wellFormed("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."), "alg none is refused by the verifier");
        for (String bad : new String[] {"", "....", "x", "a.b", "a.b.c.d", ".b.c", "a..c", "a.b c.d", "a.b.c=",
                "a".repeat(16_385) + ".b.c"}) {
            assertFalse(BearerTokenGuard.wellFormed(bad), bad.length() > 40 ? "a huge token" : bad);
        }
    }
}
