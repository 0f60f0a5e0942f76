package io.mdg.api.submission;

/** A validation failure of one input field, with a machine-readable code. */
public record FieldError(String field, String code, String message) {
}
