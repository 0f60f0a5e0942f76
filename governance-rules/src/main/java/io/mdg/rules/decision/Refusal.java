package io.mdg.rules.decision;

import java.util.Objects;

import io.mdg.api.error.ErrorCode;
import io.mdg.rules.Violation;

/** Why a request on a golden record is refused in whole: the error class, a stable code and a message. */
public record Refusal(ErrorCode errorCode, String code, String message) {

    public Refusal {
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(code, "code");
    }

    /** A rule's violation, refused as a conflict with the record as it is. */
    public static Refusal conflict(Violation violation) {
        return new Refusal(ErrorCode.CONFLICT, violation.code(), violation.message());
    }
}
