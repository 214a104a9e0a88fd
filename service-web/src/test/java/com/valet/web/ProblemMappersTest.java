package com.valet.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.devstack.SupabaseAuthStub;
import com.valet.devstack.SupabaseAuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error a service's API can end in is an RFC 9457 problem+json, exactly. */
@QuarkusTest
@QuarkusTestResource(value = SupabaseAuthTestResource.class, restrictToAnnotatedClass = false)
class ProblemMappersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SupabaseAuthStub auth = SupabaseAuthTestResource.auth();

    // --- ProblemException -------------------------------------------------------------------------

    @Test
    void aProblemExceptionIsItsProblemWithTheRequestPathAsInstance() {
        UUID id = UUID.randomUUID();
        assertProblem(customer().get("/probe/items/" + id), 404, """
                {"type": "about:blank", "title": "Not Found", "status": 404,
                 "detail": "item was not found", "instance": "/probe/items/%s"}""".formatted(id));
    }

    @Test
    void extensionMembersAreFlattenedIntoTheProblem() {
        UUID id = UUID.randomUUID();
        assertProblem(customer().post("/probe/items/" + id + "/redeliver"), 409, """
                {"type": "about:blank", "title": "Conflict", "status": 409,
                 "detail": "The item is not in storage.", "instance": "/probe/items/%s/redeliver",
                 "current_status": "at_home"}""".formatted(id));
    }

    @Test
    void aSpecificProblemTypeAndTitleAreKept() {
        assertProblem(customer().post("/probe/slots"), 409, """
                {"type": "https://valet.example/problems/slot-taken", "title": "Slot taken", "status": 409,
                 "detail": "The 09:00 slot was booked by someone else.", "instance": "/probe/slots",
                 "slot_start": "09:00"}""");
    }

    // --- Jackson: reading the body ----------------------------------------------------------------

    @Test
    void anUnknownFieldIsNamedWithItsPath() {
        assertProblem(postItems("""
                {"label": "Skis", "items": [], "colour": "red"}"""), 400, invalid("/probe/items", """
                [{"field": "colour", "message": "unknown field"}]"""));
        assertProblem(postItems("""
                {"label": "Skis", "items": [{"label": "a", "count": 1}, {"label": "b", "cnt": 2}]}"""), 400,
                invalid("/probe/items", """
                [{"field": "items[1].cnt", "message": "unknown field"}]"""));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("""
                        {"label": "Skis", "items": [{"label": "a", "count": "many"}]}""",
                        "items[0].count", "must be an integer"),
                Arguments.of("""
                        {"label": {"en": "Skis"}, "items": []}""", "label", "must be a string"),
                Arguments.of("""
                        {"label": "Skis", "items": "none"}""", "items", "must be an array"),
                Arguments.of("""
                        {"label": "Skis", "items": [], "container_id": "box-7"}""", "container_id", "must be a UUID"),
                Arguments.of("""
                        {"label": "Skis", "items": [], "stored_on": "yesterday"}""",
                        "stored_on", "must be a date (YYYY-MM-DD)"),
                Arguments.of("""
                        {"label": "Skis", "items": [], "box_size": "HUGE"}""", "box_size", "must be one of SMALL, LARGE_BOX"),
                Arguments.of("""
                        {"label": "Skis", "items": [{"label": "a", "count": 99999999999}]}""",
                        "items[0].count", "is out of range for an integer"));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void aValueOfTheWrongTypeNamesThePathAndTheExpectedType(String body, String field, String message) {
        assertProblem(postItems(body), 400, invalid("/probe/items", """
                [{"field": "%s", "message": "%s"}]""".formatted(field, message)));
    }

    @Test
    void malformedJsonIsABadRequestWithItsPosition() {
        assertProblem(postItems("{\"label\": \"Skis\","), 400, """
                {"type": "about:blank", "title": "Bad Request", "status": 400,
                 "detail": "The request body is malformed JSON (line 1, column 18).", "instance": "/probe/items"}""");
        assertProblem(postItems("{\"label\" \"Skis\"}"), 400, """
                {"type": "about:blank", "title": "Bad Request", "status": 400,
                 "detail": "The request body is malformed JSON (line 1, column 10).", "instance": "/probe/items"}""");
    }

    // --- Bean Validation --------------------------------------------------------------------------

    @Test
    void violationsAreFieldErrorsAtTheSnakeCasePathsTheClientSent() {
        Response response = postItems("""
                {"label": " ",
                 "items": [{"label": "a", "count": 1}, {"label": "b", "count": 1}, {"label": "c", "count": 1},
                           {"label": "", "count": -1}],
                 "photo_paths": ["front.jpg", ""]}""");
        assertProblem(response, 400, invalid("/probe/items", """
                [{"field": "items[3].count", "message": "must be greater than or equal to 0"},
                 {"field": "items[3].label", "message": "must not be blank"},
                 {"field": "label", "message": "must not be blank"},
                 {"field": "photo_paths[1]", "message": "must not be blank"}]"""));
    }

    @Test
    void aMissingBodyIsAViolationOfTheWholeBody() {
        assertProblem(customer().contentType("application/json").post("/probe/items"), 400, invalid("/probe/items", """
                [{"field": "", "message": "must not be null"}]"""));
    }

    @Test
    void aQueryParameterViolationIsNamedAsTheClientSendsIt() {
        assertProblem(customer().queryParam("page_size", 1000).get("/probe/search"), 400, invalid("/probe/search", """
                [{"field": "page_size", "message": "must be less than or equal to 100"}]"""));
    }

    @Test
    void aParameterThatDoesNotConvertIsABadRequestNotANotFound() {
        String expected = """
                {"type": "about:blank", "title": "Bad Request", "status": 400,
                 "detail": "A path or query parameter is malformed.", "instance": "%s"}""";
        assertProblem(customer().queryParam("page_size", "ten").get("/probe/search"), 400,
                expected.formatted("/probe/search"));
        assertProblem(customer().get("/probe/items/box-7"), 400, expected.formatted("/probe/items/box-7"));
    }

    @Test
    void anInvalidReturnValueOrAnInternalCallIsOurBugNotTheClients() {
        assertProblem(customer().get("/probe/broken-return"), 500, internalError("/probe/broken-return"));
        assertProblem(customer().get("/probe/internal-violation"), 500, internalError("/probe/internal-violation"));
    }

    // --- JAX-RS's own errors ----------------------------------------------------------------------

    @Test
    void anUnknownPathIsANotFoundProblem() {
        String expected = """
                {"type": "about:blank", "title": "Not Found", "status": 404,
                 "detail": "No resource was found at this path.", "instance": "%s"}""";
        assertProblem(given().get("/nothing/here"), 404, expected.formatted("/nothing/here"));
        assertProblem(customer().get("/probe/nothing"), 404, expected.formatted("/probe/nothing"));
    }

    @Test
    void aMethodThatIsNotAllowedIs405() {
        assertProblem(customer().delete("/probe/me"), 405, """
                {"type": "about:blank", "title": "Method Not Allowed", "status": 405,
                 "detail": "The method DELETE is not allowed on this resource.", "instance": "/probe/me"}""");
    }

    @Test
    void anUnsupportedContentTypeIs415AndAnUnacceptableAcceptIs406() {
        assertProblem(customer().contentType("text/plain").body("Skis").post("/probe/items"), 415, """
                {"type": "about:blank", "title": "Unsupported Media Type", "status": 415,
                 "detail": "The request's content type is not supported by this resource.", "instance": "/probe/items"}""");
        assertProblem(customer().accept("text/csv").get("/probe/me"), 406, """
                {"type": "about:blank", "title": "Not Acceptable", "status": 406,
                 "detail": "The resource cannot produce any of the media types the request accepts.",
                 "instance": "/probe/me"}""");
    }

    @Test
    void aServerErrorExceptionKeepsItsStatusAndHeaders() {
        Response response = customer().get("/probe/unavailable");
        assertProblem(response, 503, """
                {"type": "about:blank", "title": "Service Unavailable", "status": 503,
                 "detail": "The service is unavailable; try again later.", "instance": "/probe/unavailable"}""");
        assertEquals("30", response.header("Retry-After"));
    }

    // --- Security ---------------------------------------------------------------------------------

    @Test
    void noTokenIsAnUnauthorizedProblemWithABearerChallenge() {
        Response response = given().get("/probe/me");
        assertProblem(response, 401, unauthorized("/probe/me"));
        assertEquals(List.of("Bearer"), response.headers().getValues("WWW-Authenticate"));
        // authentication comes before the body is read
        assertProblem(given().contentType("application/json").body("{").post("/probe/items"), 401,
                unauthorized("/probe/items"));
    }

    @Test
    void anInvalidTokenIsAnUnauthorizedProblemEvenOnAPublicPath() {
        try (SupabaseAuthStub impostor = SupabaseAuthStub.withNewKey(0)) {
            String forged = impostor.customerToken(UUID.randomUUID(), "eve@example.com", Duration.ofMinutes(5));
            for (String path : List.of("/probe/me", "/open/ping")) {
                Response response = given().auth().oauth2(forged).get(path);
                assertProblem(response, 401, unauthorized(path));
                assertEquals(List.of("Bearer"), response.headers().getValues("WWW-Authenticate"), path);
            }
        }
    }

    @Test
    void aCustomerOnAStaffOnlyEndpointIsForbidden() {
        assertProblem(customer().get("/probe/staff-only"), 403, """
                {"type": "about:blank", "title": "Forbidden", "status": 403,
                 "detail": "This is for staff only.", "instance": "/probe/staff-only"}""");
    }

    @Test
    void aMissingRoleIsForbiddenWithoutSayingWhichRole() {
        Response response = staff("driver").get("/probe/admin-only");
        assertProblem(response, 403, forbidden("/probe/admin-only"));
        assertFalse(response.asString().contains("admin\""), response.asString());
        // the same for a role checked by an HTTP permission, in the HTTP layer
        assertProblem(customer().get("/staff-area/tasks"), 403, forbidden("/staff-area/tasks"));
        assertEquals(200, staff("warehouse").get("/staff-area/tasks").statusCode());
    }

    @Test
    void noTokenOnAnHttpLayerPermissionIsA401WithoutProblemBody() {
        // documented limitation: Quarkus ends this response itself unless the permission has applies-to=JAXRS
        Response response = given().get("/staff-area/tasks");
        assertEquals(401, response.statusCode());
        assertEquals(List.of("Bearer"), response.headers().getValues("WWW-Authenticate"));
        assertEquals("", response.asString());
    }

    // --- Anything else ----------------------------------------------------------------------------

    @Test
    void anUnexpectedExceptionIsA500ThatDoesNotLeakItsMessageButLogsItsStack() {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(ProblemMappers.class.getName());
        logger.addHandler(capture);
        try {
            Response thrown = customer().get("/probe/boom");
            assertProblem(thrown, 500, internalError("/probe/boom"));
            assertFalse(thrown.asString().contains("s3cret"));
            assertFalse(thrown.asString().contains("IllegalStateException"));

            Response failedUni = customer().get("/probe/boom-later");
            assertProblem(failedUni, 500, internalError("/probe/boom-later"));
            assertFalse(failedUni.asString().contains("sk_live"));
        } finally {
            logger.removeHandler(capture);
        }
        List<LogRecord> errors = logged.stream()
                .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue() && r.getThrown() != null).toList();
        assertEquals(2, errors.size(), logged.toString());
        assertTrue(errors.get(0).getThrown().getMessage().contains("s3cret"));
        assertTrue(errors.get(0).getThrown().getStackTrace().length > 0);
        assertTrue(errors.get(1).getThrown().getMessage().contains("sk_live_123"));
    }

    @Test
    void aDatabaseThatCannotBeReachedIsA503TheClientMayRetry() {
        Response response = customer().get("/probe/database-down");
        assertProblem(response, 503, """
                {"type": "about:blank", "title": "Service Unavailable", "status": 503,
                 "detail": "The service cannot reach its database right now; nothing was changed. Try again shortly.",
                 "instance": "/probe/database-down"}""");
        assertEquals("5", response.header("Retry-After"));
        Response reset = customer().get("/probe/database-reset");
        assertEquals(503, reset.statusCode());
        assertEquals("5", reset.header("Retry-After"));
    }

    @Test
    void textPostgresCannotStoreIsTheClientsBadRequest() {
        assertProblem(customer().get("/probe/nul-text"), 400, """
                {"type": "about:blank", "title": "Bad Request", "status": 400,
                 "detail": "A text value contains a character that cannot be stored (NUL, U+0000).",
                 "instance": "/probe/nul-text"}""");
    }

    // --- helpers ----------------------------------------------------------------------------------

    private RequestSpecification customer() {
        return given().auth().oauth2(auth.customerToken(UUID.randomUUID(), "ana@example.com", Duration.ofMinutes(5)));
    }

    private RequestSpecification staff(String role) {
        return given().auth().oauth2(auth.token(UUID.randomUUID(), "sam@valet.example", List.of(role), Duration.ofMinutes(5)));
    }

    private Response postItems(String body) {
        return customer().contentType("application/json").body(body).post("/probe/items");
    }

    private static String invalid(String instance, String errors) {
        return """
                {"type": "about:blank", "title": "Bad Request", "status": 400,
                 "detail": "The request is invalid.", "instance": "%s", "errors": %s}""".formatted(instance, errors);
    }

    private static String unauthorized(String instance) {
        return """
                {"type": "about:blank", "title": "Unauthorized", "status": 401,
                 "detail": "A valid bearer token is required.", "instance": "%s"}""".formatted(instance);
    }

    private static String forbidden(String instance) {
        return """
                {"type": "about:blank", "title": "Forbidden", "status": 403,
                 "detail": "You are not allowed to do this.", "instance": "%s"}""".formatted(instance);
    }

    private static String internalError(String instance) {
        return """
                {"type": "about:blank", "title": "Internal Server Error", "status": 500,
                 "detail": "An unexpected error occurred; it has been logged.", "instance": "%s"}""".formatted(instance);
    }

    /** Status, content type and the whole body, member for member (no more, no less). */
    static void assertProblem(Response response, int status, String expectedJson) {
        String body = response.asString();
        assertEquals(status, response.statusCode(), body);
        assertEquals(Problem.MEDIA_TYPE, response.contentType(), body);
        assertEquals(tree(expectedJson), tree(body), body);
        assertTrue(tree(body).isObject());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
