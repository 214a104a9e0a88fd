package com.valet.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns every exception that ends a request into an RFC 9457 problem+json response. Quarkus REST picks
 * the mapper whose exception type is closest to the thrown one, so each kind has its own method and
 * {@link #unexpected} catches the rest.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    ObjectMapper objectMapper;

    /** What a service throws on purpose. */
    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        Response.ResponseBuilder response = Problems.builder(e.toProblem(Problems.instance(request)));
        if (e.status() == 401 && (request == null || !request.response().headers().contains(HttpHeaders.WWW_AUTHENTICATE))) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, Problems.BEARER_CHALLENGE);
        }
        return response.build();
    }

    /**
     * Bean Validation of a resource method's parameters and body (or of an object the service validated
     * itself): 400, one field error per violation. A violated return value, or a violation in a call
     * between the service's own beans, is a bug of ours: 500.
     */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request,
                                        SimpleResourceInfo resource) {
        Set<ConstraintViolation<?>> violations = e.getConstraintViolations();
        if (violations == null || violations.isEmpty()
                || !violations.stream().allMatch(violation -> isClientError(violation, resource))) {
            return unexpected(e, request);
        }
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : violations) {
            errors.add(new FieldError(JsonPaths.of(violation), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return Problems.response(ProblemException.badRequest(Problems.INVALID, errors).toProblem(Problems.instance(request)));
    }

    /** A constraint that cannot be evaluated (a bad definition): a server bug. */
    @ServerExceptionMapper
    public Response validation(ValidationException e, HttpServerRequest request) {
        return unexpected(e, request);
    }

    /** Jackson failing to read the request body, as Quarkus REST rethrows it. */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        Problem problem = jsonProblem(e, Problems.instance(request));
        return problem == null ? unexpected(e, request) : Problems.response(problem);
    }

    /**
     * Unknown fields and values of the wrong type, which Quarkus REST rethrows as they are; declared on
     * its own so that it wins over Quarkus's built-in mapper for this type.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return json(e, request);
    }

    /**
     * JAX-RS's own errors (404 for an unknown path, 405, 406, 415...) with their status; also what Quarkus
     * REST wraps a malformed body in.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request, SimpleResourceInfo resource) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json(json, request);
            }
            if (cause instanceof ConstraintViolationException violation) {
                return constraintViolation(violation, request, resource);
            }
            if (cause instanceof ProblemException problem) {
                return problem(problem, request);
            }
        }
        if (e instanceof NotFoundException && isConversionFailure(e.getCause())) {
            // JAX-RS answers 404 when a path or query parameter does not convert (?page_size=abc); it is the
            // request that is wrong, and saying "not found" would mislead
            return Problems.response(problem400(Problems.instance(request), Problems.BAD_PARAMETER, List.of()));
        }
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (status < 400) {
            return original; // a redirect is not an error
        }
        if (status >= 500) {
            LOG.errorf(e, "%s on %s %s", status, request == null ? "?" : request.method(), Problems.instance(request));
        }
        String title = original.getStatusInfo() == null ? null : original.getStatusInfo().getReasonPhrase();
        if (title == null || title.isBlank()) {
            title = Problem.reasonPhrase(status);
        }
        Problem problem = new Problem(Problem.ABOUT_BLANK, title, status, Problems.detailFor(status, request),
                Problems.instance(request), List.of());
        Response.ResponseBuilder response = Problems.builder(problem);
        for (Map.Entry<String, List<Object>> header : original.getHeaders().entrySet()) {
            String name = header.getKey();
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                for (Object value : header.getValue()) {
                    response.header(name, value);
                }
            }
        }
        if (status == 401 && original.getHeaderString(HttpHeaders.WWW_AUTHENTICATE) == null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, Problems.BEARER_CHALLENGE);
        }
        return response.build();
    }

    /**
     * No verified token where one is needed (401, with the Bearer challenge). An invalid token fails in
     * the HTTP layer (proactive authentication), whose failure Quarkus REST hands to this mapper after
     * the OIDC mechanism has already set its challenge header: it is then not added twice.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, HttpServerRequest request, HttpServerResponse response) {
        boolean challenged = response != null && response.headers().contains(HttpHeaders.WWW_AUTHENTICATE);
        Response.ResponseBuilder builder = Problems.builder(Problems.unauthorizedProblem(Problems.instance(request)));
        if (!challenged) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, Problems.BEARER_CHALLENGE);
        }
        return builder.build();
    }

    /** A verified caller without the right: the detail never says which role or rule was missing. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return Problems.forbidden(Problems.instance(request));
    }

    /**
     * Anything else is a bug: logged with its stack, answered without its message (it may hold secrets). Except
     * a database that cannot be reached (restarting, failing over): 503 with Retry-After, the transaction never
     * committed, and the client may retry.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        String instance = Problems.instance(request);
        if (UnstorableText.causes(e)) {
            return Problems.response(new Problem(Problem.ABOUT_BLANK, "Bad Request", 400,
                    "A text value contains a character that cannot be stored (NUL, U+0000).", instance, List.of()));
        }
        if (DatabaseUnavailable.causes(e)) {
            LOG.warnf("Database unavailable on %s %s: %s", request == null ? "?" : request.method(), instance, e);
            return Problems.unavailable(instance, 5);
        }
        LOG.errorf(e, "Unhandled exception on %s %s", request == null ? "?" : request.method(), instance);
        return Problems.response(Problems.internalError(instance));
    }

    private static boolean isConversionFailure(Throwable cause) {
        return cause instanceof IllegalArgumentException || cause instanceof DateTimeException;
    }

    /**
     * Whether a violation is the client's: one of a resource method's parameters (the method node names
     * the matched resource method), or of an object validated directly (no method node).
     */
    private static boolean isClientError(ConstraintViolation<?> violation, SimpleResourceInfo resource) {
        Iterator<Path.Node> nodes = violation.getPropertyPath().iterator();
        if (!nodes.hasNext()) {
            return true;
        }
        Path.Node first = nodes.next();
        if (first.getKind() == ElementKind.CONSTRUCTOR) {
            return false;
        }
        if (first.getKind() != ElementKind.METHOD) {
            return true;
        }
        if (resource == null || resource.getResourceClass() == null || !first.getName().equals(resource.getMethodName())) {
            return false;
        }
        Class<?> root = violation.getRootBeanClass();
        boolean sameClass = root == null || resource.getResourceClass().isAssignableFrom(root)
                || root.isAssignableFrom(resource.getResourceClass());
        if (!sameClass) {
            return false;
        }
        while (nodes.hasNext()) {
            if (nodes.next().getKind() == ElementKind.RETURN_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The problem for a Jackson read error, or {@code null} if it is not the client's fault. */
    Problem jsonProblem(JsonProcessingException e, String instance) {
        if (e instanceof InvalidDefinitionException) {
            return null; // a type Jackson cannot (de)serialise: our bug
        }
        if (e instanceof JsonParseException parse) {
            String where = parse.getLocation() == null ? ""
                    : " (line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ")";
            return problem400(instance, "The request body is malformed JSON" + where + ".", List.of());
        }
        if (e instanceof InputCoercionException coercion) {
            return problem400(instance, Problems.INVALID,
                    List.of(new FieldError(path(coercion), "is out of range for " + JsonTypes.describe(coercion.getTargetType(), objectMapper))));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = JsonPaths.of(mapping.getPath());
            String message;
            if (mapping instanceof UnrecognizedPropertyException unknown) {
                if (mapping.getPath().isEmpty()
                        || !unknown.getPropertyName().equals(mapping.getPath().get(mapping.getPath().size() - 1).getFieldName())) {
                    field = field.isEmpty() ? unknown.getPropertyName() : field + "." + unknown.getPropertyName();
                }
                message = "unknown field";
            } else if (mapping.getCause() instanceof InputCoercionException coercion) {
                message = "is out of range for " + JsonTypes.describe(coercion.getTargetType(), objectMapper);
            } else if (mapping instanceof InvalidNullException) {
                message = "must not be null";
            } else if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                message = "must be " + JsonTypes.describe(mismatch.getTargetType(), objectMapper);
            } else {
                message = "is invalid";
            }
            return problem400(instance, Problems.INVALID, List.of(new FieldError(field, message)));
        }
        if (e instanceof StreamReadException) {
            return problem400(instance, "The request body is malformed JSON.", List.of());
        }
        return null; // writing JSON failed: our bug
    }

    private static String path(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        return parser == null ? "" : JsonPaths.of(parser.getParsingContext());
    }

    private static Problem problem400(String instance, String detail, List<FieldError> errors) {
        return ProblemException.badRequest(detail, errors).toProblem(instance);
    }
}
