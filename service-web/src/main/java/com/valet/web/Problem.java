package com.valet.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 9457 problem details object, the body of every error response ({@value #MEDIA_TYPE}).
 * <p>
 * {@code type} is {@value #ABOUT_BLANK} unless a specific problem type URI is given, {@code title} is
 * then the status's reason phrase, {@code instance} is the request path. {@code errors} (omitted when
 * empty) lists the invalid fields; {@code extensions} are written as further members of the same JSON
 * object (e.g. {@code "current_status": "stored"}), under their names as given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record Problem(String type, String title, int status, String detail, String instance,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors,
                      @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String ABOUT_BLANK = "about:blank";

    /** Member names RFC 9457 (and this record) define; an extension cannot take them over. */
    static final Set<String> RESERVED = Set.of("type", "title", "status", "detail", "instance", "errors");

    public Problem {
        type = type == null ? ABOUT_BLANK : type;
        title = title == null ? reasonPhrase(status) : title;
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = checkedExtensions(extensions);
    }

    public Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, Map.of());
    }

    /** The extension members, flattened into the problem object by Jackson. */
    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }

    static Map<String, Object> checkedExtensions(Map<String, Object> extensions) {
        if (extensions == null || extensions.isEmpty()) {
            return Map.of();
        }
        for (String name : extensions.keySet()) {
            if (name == null || RESERVED.contains(name)) {
                throw new IllegalArgumentException("a problem extension member cannot be named " + name);
            }
        }
        // keeps the caller's order and allows null values (Map.copyOf would not)
        return Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** The RFC 9110 reason phrase of an HTTP status, the title of an {@code about:blank} problem. */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 423 -> "Locked";
            case 424 -> "Failed Dependency";
            case 425 -> "Too Early";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 451 -> "Unavailable For Legal Reasons";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "HTTP " + status;
        };
    }
}
