package io.mdg.graphql.submission;

import java.util.ArrayList;
import java.util.List;

import io.mdg.api.submission.FieldError;

/** Checks of the fields every submission has, before a command is built. */
final class SourceIdRules {

    static final int MAX_SOURCE_ID_LENGTH = 256;

    private SourceIdRules() {
    }

    static List<FieldError> check(String sourceId, Long sourceVersion) {
        List<FieldError> errors = new ArrayList<>();
        if (sourceId == null || sourceId.isBlank()) {
            errors.add(new FieldError("sourceId", "REQUIRED", "sourceId must not be blank"));
        } else if (sourceId.length() > MAX_SOURCE_ID_LENGTH) {
            errors.add(new FieldError("sourceId", "TOO_LONG",
                    "sourceId has " + sourceId.length() + " characters; at most " + MAX_SOURCE_ID_LENGTH + " are allowed"));
        } else if (sourceId.codePoints().anyMatch(Character::isISOControl) || !sourceId.equals(sourceId.strip())) {
            errors.add(new FieldError("sourceId", "INVALID_CHARACTERS",
                    "sourceId must not contain control characters or leading/trailing white space"));
        }
        if (sourceVersion != null && sourceVersion < 0) {
            errors.add(new FieldError("sourceVersion", "NEGATIVE", "sourceVersion must not be negative"));
        }
        return errors;
    }
}
