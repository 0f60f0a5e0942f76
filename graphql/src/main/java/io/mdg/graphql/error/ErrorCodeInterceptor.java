package io.mdg.graphql.error;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.mdg.api.error.ErrorCode;
import reactor.core.publisher.Mono;

/**
 * Gives the errors graphql-java raises before any data fetcher runs (syntax, validation, unknown enum values,
 * wrong types, missing arguments) an {@code extensions.code} too, so that every error a client sees has one.
 */
@Component
@org.springframework.context.annotation.Profile("edge")
public class ErrorCodeInterceptor implements WebGraphQlInterceptor {

    /** graphql-java's classification of an introspection field in a request without introspection (by role). */
    private static final String INTROSPECTION_DISABLED = "IntrospectionDisabled";

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            List<ResponseError> errors = response.getErrors();
            if (errors.isEmpty() || errors.stream().allMatch(e -> e.getExtensions().containsKey("code"))) {
                return response;
            }
            List<GraphQLError> withCodes = errors.stream().map(ErrorCodeInterceptor::withCode).toList();
            return response.transform(builder -> builder.errors(withCodes));
        });
    }

    private static GraphQLError withCode(ResponseError error) {
        Map<String, Object> extensions = new HashMap<>(error.getExtensions());
        extensions.putIfAbsent("code", codeFor(error.getErrorType()).name());
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
                .message(error.getMessage())
                .locations(error.getLocations())
                .errorType(error.getErrorType())
                .extensions(extensions);
        if (!error.getParsedPath().isEmpty()) {
            builder.path(error.getParsedPath());
        }
        return builder.build();
    }

    static ErrorCode codeFor(ErrorClassification classification) {
        if (classification == ErrorType.InvalidSyntax || classification == ErrorType.ValidationError
                || classification == org.springframework.graphql.execution.ErrorType.BAD_REQUEST) {
            return ErrorCode.BAD_REQUEST;
        }
        if (classification == org.springframework.graphql.execution.ErrorType.UNAUTHORIZED) {
            return ErrorCode.UNAUTHENTICATED;
        }
        if (classification == org.springframework.graphql.execution.ErrorType.FORBIDDEN
                || INTROSPECTION_DISABLED.equals(String.valueOf(classification))) {
            return ErrorCode.FORBIDDEN;
        }
        if (classification == org.springframework.graphql.execution.ErrorType.NOT_FOUND) {
            return ErrorCode.NOT_FOUND;
        }
        return ErrorCode.INTERNAL;
    }
}
