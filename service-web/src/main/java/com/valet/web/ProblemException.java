package com.valet.web;

import java.util.List;
import java.util.Map;

/**
 * Ends the request with a problem+json response: throw it anywhere in a request
 * ({@code throw ProblemException.notFound("item")}) and the shared mapper writes
 * {@link Problem}{@code (type, title, status, detail, <request path>, errors)} plus the extension members.
 * <p>
 * {@code detail} goes to the client as is: never put secrets or internals in it.
 */
public class ProblemException extends RuntimeException {
    private final String type;
    private final int status;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String title, String detail, List<FieldError> errors,
                            Map<String, Object> extensions) {
        this(Problem.ABOUT_BLANK, status, title, detail, errors, extensions);
    }

    /** With a specific problem type URI instead of {@code about:blank}. */
    public ProblemException(String type, int status, String title, String detail, List<FieldError> errors,
                            Map<String, Object> extensions) {
        super(status + " " + (title == null ? Problem.reasonPhrase(status) : title) + ": " + detail);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 4xx or 5xx, not " + status);
        }
        this.type = type == null ? Problem.ABOUT_BLANK : type;
        this.status = status;
        this.title = title == null ? Problem.reasonPhrase(status) : title;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.extensions = Problem.checkedExtensions(extensions);
    }

    /** 400 Bad Request with the invalid fields. */
    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(400, "Bad Request", detail, errors, Map.of());
    }

    /** 400 Bad Request, "The request is invalid.", for one invalid field. */
    public static ProblemException badRequest(String field, String message) {
        return badRequest("The request is invalid.", List.of(new FieldError(field, message)));
    }

    /** 401 Unauthorized (sent with {@code WWW-Authenticate: Bearer}). */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, List.of(), Map.of());
    }

    /** 403 Forbidden. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, List.of(), Map.of());
    }

    /** 404 Not Found, detail "{@code <what>} was not found". */
    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not Found", what + " was not found", List.of(), Map.of());
    }

    /** 409 Conflict; {@code extensions} become members of the problem (e.g. {@code current_status}). */
    public static ProblemException conflict(String detail, Map<String, Object> extensions) {
        return new ProblemException(409, "Conflict", detail, List.of(), extensions);
    }

    /** 412 Precondition Failed (an {@code If-Match} that no longer matches). */
    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "Precondition Failed", detail, List.of(), Map.of());
    }

    /** 428 Precondition Required (an update sent without {@code If-Match}). */
    public static ProblemException preconditionRequired(String detail) {
        return new ProblemException(428, "Precondition Required", detail, List.of(), Map.of());
    }

    /** 422 Unprocessable Content: well-formed, but the request cannot be done as asked. */
    public static ProblemException unprocessable(String detail, List<FieldError> errors) {
        return new ProblemException(422, "Unprocessable Content", detail, errors, Map.of());
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The problem for a request to {@code instance}. */
    public Problem toProblem(String instance) {
        return new Problem(type, title, status, detail, instance, errors, extensions);
    }
}
