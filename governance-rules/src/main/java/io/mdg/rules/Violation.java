package io.mdg.rules;

import java.util.Objects;

/**
 * A rule's refusal: which field, a stable machine-readable code and a message a person can act on.
 */
public record Violation(String field, String code, String message) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
