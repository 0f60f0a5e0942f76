package io.mdg.graphql.error;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The HTTP answer of the plain (non-GraphQL) endpoints to a refusal: its status and {@code {code, message}}. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static ResponseEntity<Map<String, String>> response(ApiException e) {
        return ResponseEntity.status(status(e)).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("code", e.code().name(), "message", e.getMessage()));
    }

    static HttpStatus status(ApiException e) {
        return switch (e.code()) {
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case REQUEST_TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
            case BAD_REQUEST, VALIDATION_FAILED, CONFLICT, QUERY_TOO_DEEP, QUERY_TOO_COMPLEX, TOO_MANY_ALIASES,
                 TOO_MANY_ROOT_FIELDS, RESPONSE_TOO_LARGE -> HttpStatus.BAD_REQUEST;
        };
    }
}
