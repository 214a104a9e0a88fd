package com.valet.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Building problem+json responses; shared by the JAX-RS mappers and the HTTP-layer failure handler. */
final class Problems {
    static final String INVALID = "The request is invalid.";
    static final String BAD_PARAMETER = "A path or query parameter is malformed.";
    static final String BEARER_CHALLENGE = "Bearer";
    static final String UNAUTHORIZED_DETAIL = "A valid bearer token is required.";
    static final String FORBIDDEN_DETAIL = "You are not allowed to do this.";
    static final String INTERNAL_DETAIL = "An unexpected error occurred; it has been logged.";

    private Problems() {
    }

    static String instance(HttpServerRequest request) {
        return request == null ? null : request.path();
    }

    static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    static Response response(Problem problem) {
        return builder(problem).build();
    }

    static Problem unauthorizedProblem(String instance) {
        return new Problem(Problem.ABOUT_BLANK, "Unauthorized", 401, UNAUTHORIZED_DETAIL, instance, List.of());
    }

    static Response unauthorized(String instance) {
        return builder(unauthorizedProblem(instance)).header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE).build();
    }

    static Problem forbiddenProblem(String instance) {
        return new Problem(Problem.ABOUT_BLANK, "Forbidden", 403, FORBIDDEN_DETAIL, instance, List.of());
    }

    static Response forbidden(String instance) {
        return response(forbiddenProblem(instance));
    }

    static Problem internalError(String instance) {
        return new Problem(Problem.ABOUT_BLANK, "Internal Server Error", 500, INTERNAL_DETAIL, instance, List.of());
    }

    /** The database (or another dependency) cannot be reached: the client may retry, nothing was changed. */
    static Response unavailable(String instance, int retryAfterSeconds) {
        return builder(new Problem(Problem.ABOUT_BLANK, "Service Unavailable", 503,
                "The service cannot reach its database right now; nothing was changed. Try again shortly.", instance,
                List.of())).header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).build();
    }

    /** A detail for JAX-RS's own errors that says what happened without echoing internals. */
    static String detailFor(int status, HttpServerRequest request) {
        return switch (status) {
            case 400 -> INVALID;
            case 401 -> UNAUTHORIZED_DETAIL;
            case 403 -> FORBIDDEN_DETAIL;
            case 404 -> "No resource was found at this path.";
            case 405 -> "The method " + (request == null ? "" : request.method().name() + " ")
                    + "is not allowed on this resource.";
            case 406 -> "The resource cannot produce any of the media types the request accepts.";
            case 409 -> "The request conflicts with the current state of the resource.";
            case 413 -> "The request body is too large.";
            case 415 -> "The request's content type is not supported by this resource.";
            case 500 -> INTERNAL_DETAIL;
            case 503 -> "The service is unavailable; try again later.";
            default -> Problem.reasonPhrase(status) + ".";
        };
    }
}
