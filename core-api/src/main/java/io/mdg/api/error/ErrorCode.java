package io.mdg.api.error;

/**
 * Machine-readable error codes of the public API. They appear in a GraphQL error's {@code extensions.code} or in a
 * mutation payload. Never rename one: clients code against them.
 */
public enum ErrorCode {
    /** The request is malformed (syntax, unknown field, wrong type, missing required argument). */
    BAD_REQUEST,
    /** A field failed validation; see the field errors. */
    VALIDATION_FAILED,
    /** No or an invalid token. */
    UNAUTHENTICATED,
    /** The caller is authenticated but lacks the role or scope. */
    FORBIDDEN,
    /** The record does not exist. */
    NOT_FOUND,
    /** A concurrent change won; retrying is safe. */
    CONFLICT,
    /** The service could not answer in time; retrying is safe. */
    TIMEOUT,
    /** Anything unexpected; details are in the service log under the correlation id. */
    INTERNAL,
    /** The GraphQL document nests selections deeper than the edge allows; nothing was executed. */
    QUERY_TOO_DEEP,
    /** The GraphQL document selects more fields (fragments expanded) than the edge allows; nothing was executed. */
    QUERY_TOO_COMPLEX,
    /** The GraphQL document uses more aliases than the edge allows; nothing was executed. */
    TOO_MANY_ALIASES,
    /** The GraphQL operation has more root fields than the edge allows; nothing was executed. */
    TOO_MANY_ROOT_FIELDS,
    /** The request body is larger than the edge accepts (HTTP 413); nothing was read or executed. */
    REQUEST_TOO_LARGE,
    /**
     * The caller sends more than its share allows (submissions per second, query cost per second, requests at once);
     * retry after the time in the message ({@code Retry-After} on an HTTP 429).
     */
    RATE_LIMITED,
    /** The answer would be larger than the edge sends; nothing was sent (ask for smaller pages or fewer fields). */
    RESPONSE_TOO_LARGE,
    /**
     * A store the answer depends on cannot be reached right now (e.g. the read store during an outage); nothing was
     * changed and retrying later is safe. Submissions are still accepted meanwhile (the command side does not need it).
     */
    UNAVAILABLE
}
