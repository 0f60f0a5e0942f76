package io.mdg.graphql.submission;

import java.util.List;

import io.mdg.api.model.Ref;
import io.mdg.api.submission.FieldError;

/** Shape checks of submission inputs that the schema cannot express; the command side checks the values. */
final class InputChecks {

    private InputChecks() {
    }

    /** A reference gives exactly one of a golden id and the submitting source's id, not blank. */
    static void reference(String field, Ref ref, List<FieldError> errors) {
        if (ref == null) {
            return;
        }
        boolean hasId = ref.id() != null;
        boolean hasSourceId = ref.sourceId() != null;
        if (hasId == hasSourceId) {
            errors.add(new FieldError(field, "INVALID_REFERENCE", "set exactly one of id and sourceId"));
        } else if ((hasId ? ref.id() : ref.sourceId()).isBlank()) {
            errors.add(new FieldError(field, "INVALID_REFERENCE", "the reference must not be blank"));
        }
    }

    /** A list given has no null entries (possible in a file import, not in GraphQL). */
    static void noNulls(String field, List<?> list, List<FieldError> errors) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                errors.add(new FieldError(field + "[" + i + "]", "REQUIRED", "list entries must not be null"));
            }
        }
    }
}
