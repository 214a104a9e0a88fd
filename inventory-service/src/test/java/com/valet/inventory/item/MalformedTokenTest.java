package com.valet.inventory.item;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Zero trust: a service called directly with a token that is not even a JWT answers 401, never 500. */
@QuarkusTest
class MalformedTokenTest {

    @Test
    void aBearerValueThatIsNotAJwtIsA401Problem() {
        for (String token : new String[] {"....", "x", "a.b.c.d"}) {
            given().header("Authorization", "Bearer " + token).when().get("/items").then()
                    .statusCode(401)
                    .contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("status", equalTo(401));
        }
    }
}
