package com.valet.gateway.edge;

import org.junit.jupiter.api.Test;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.HEAD;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessRulesTest {

    @Test
    void theZipCheckIsPublicForReadingOnly() {
        assertFalse(AccessRules.needsToken(GET, "/api/booking/service-areas/94107"));
        assertFalse(AccessRules.needsToken(HEAD, "/api/booking/service-areas/94107"));
        assertTrue(AccessRules.needsToken(POST, "/api/booking/service-areas/94107"));
    }

    @Test
    void onlyOnePlainSegmentAfterTheZipPrefixIsPublic() {
        assertTrue(AccessRules.needsToken(GET, "/api/booking/service-areas/94107/x"));
        assertTrue(AccessRules.needsToken(GET, "/api/booking/service-areas/"));
        assertTrue(AccessRules.needsToken(GET, "/api/booking/service-areas/a%2F..%2Fitems"));
        assertTrue(AccessRules.needsToken(GET, "/api/booking/staff/service-areas/94107"));
    }

    @Test
    void everythingElseUnderApiNeedsAToken() {
        assertTrue(AccessRules.needsToken(GET, "/api/inventory/items"));
        assertTrue(AccessRules.needsToken(GET, "/api/me"));
        assertTrue(AccessRules.needsToken(GET, "/api/nowhere"));
    }

    @Test
    void webhooksAndOperatorEndpointsAreOutsideApi() {
        assertFalse(AccessRules.needsToken(POST, "/webhooks/stripe"));
        assertFalse(AccessRules.needsToken(GET, "/q/health/ready"));
    }
}
