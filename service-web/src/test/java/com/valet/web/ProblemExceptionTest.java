package com.valet.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The factories and the JSON shape, without an app. */
class ProblemExceptionTest {

    @Test
    void factoriesSetStatusTitleDetailErrorsAndExtensions() {
        List<FieldError> errors = List.of(new FieldError("items[0].label", "must not be blank"));
        assertProblem(ProblemException.badRequest("Bad items.", errors), 400, "Bad Request", "Bad items.", errors, Map.of());
        assertProblem(ProblemException.badRequest("label", "must not be blank"), 400, "Bad Request",
                "The request is invalid.", List.of(new FieldError("label", "must not be blank")), Map.of());
        assertProblem(ProblemException.notFound("item"), 404, "Not Found", "item was not found", List.of(), Map.of());
        assertProblem(ProblemException.forbidden("Not yours."), 403, "Forbidden", "Not yours.", List.of(), Map.of());
        assertProblem(ProblemException.conflict("Not stored.", Map.of("current_status", "at_home")), 409, "Conflict",
                "Not stored.", List.of(), Map.of("current_status", "at_home"));
        assertProblem(ProblemException.preconditionFailed("Stale."), 412, "Precondition Failed", "Stale.", List.of(), Map.of());
        assertProblem(ProblemException.preconditionRequired("Send If-Match."), 428, "Precondition Required",
                "Send If-Match.", List.of(), Map.of());
        assertProblem(ProblemException.unprocessable("Cannot book.", errors), 422, "Unprocessable Content",
                "Cannot book.", errors, Map.of());
        assertProblem(ProblemException.unauthorized("Sign in."), 401, "Unauthorized", "Sign in.", List.of(), Map.of());
        assertEquals(Problem.ABOUT_BLANK, ProblemException.notFound("item").type());
    }

    @Test
    void anExtensionCannotReplaceAStandardMemberAndTheStatusIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ProblemException.conflict("x", Map.of("status", 200)));
        assertThrows(IllegalArgumentException.class, () -> new ProblemException(200, "OK", "x", List.of(), Map.of()));
    }

    @Test
    void theJsonHasTheStandardMembersTheExtensionsAndNoEmptyErrors() throws Exception {
        ObjectMapper snakeCase = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        JsonNode conflict = snakeCase.valueToTree(
                ProblemException.conflict("Not stored.", Map.of("current_status", "at_home")).toProblem("/items/1"));
        assertEquals(snakeCase.readTree("""
                {"type": "about:blank", "title": "Conflict", "status": 409, "detail": "Not stored.",
                 "instance": "/items/1", "current_status": "at_home"}"""), conflict);

        JsonNode invalid = snakeCase.valueToTree(
                new Problem(null, null, 400, "The request is invalid.", "/items",
                        List.of(new FieldError("photo_paths[0]", "must not be blank"))));
        assertEquals(snakeCase.readTree("""
                {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "The request is invalid.",
                 "instance": "/items", "errors": [{"field": "photo_paths[0]", "message": "must not be blank"}]}"""), invalid);
        assertFalse(snakeCase.writeValueAsString(ProblemException.notFound("item").toProblem("/x")).contains("errors"));
    }

    private static void assertProblem(ProblemException e, int status, String title, String detail,
                                      List<FieldError> errors, Map<String, Object> extensions) {
        assertEquals(status, e.status());
        assertEquals(title, e.title());
        assertEquals(detail, e.detail());
        assertEquals(errors, e.errors());
        assertEquals(extensions, e.extensions());
    }
}
