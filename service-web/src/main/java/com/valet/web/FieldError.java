package com.valet.web;

/**
 * One invalid part of a request: {@code field} is where it is in the JSON the client sent, as a path
 * ({@code label}, {@code items[3].label}, {@code photo_paths[0]}; a query, path or header parameter by
 * its name; {@code ""} for the body as a whole), {@code message} says what is wrong with it.
 */
public record FieldError(String field, String message) {
}
