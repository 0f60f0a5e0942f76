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
    INTERNAL
}
