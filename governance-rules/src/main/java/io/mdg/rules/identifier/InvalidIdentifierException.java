package io.mdg.rules.identifier;

/** A value that is not a valid identifier of its kind; {@link #code()} says which check failed. */
public class InvalidIdentifierException extends IllegalArgumentException {

    private final String code;

    public InvalidIdentifierException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
