package io.mdg.graphql.error;

import io.mdg.api.error.ErrorCode;

/** An error the edge answers with a code and a message meant for the client. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
