package io.mdg.graphql.feed;

import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.security.core.AuthenticationException;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.stereotype.Component;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.graphql.error.Failures;

/**
 * Gives the errors that end a subscription stream (e.g. method security refusing {@code recordChanged}, which
 * returns a failed stream rather than throwing, or a failed Axon subscription) an {@code extensions.code}, like the
 * errors of queries and mutations.
 */
@Component
@Profile("edge")
public class FeedErrorResolver extends SubscriptionExceptionResolverAdapter {

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex) {
        MdgErrorDetails details = ex instanceof AuthenticationException
                ? new MdgErrorDetails(ErrorCode.UNAUTHENTICATED, "Unauthenticated", null)
                : Failures.describe(ex, "a subscription");
        return GraphqlErrorBuilder.newError()
                .errorType(switch (details.code()) {
                    case FORBIDDEN -> org.springframework.graphql.execution.ErrorType.FORBIDDEN;
                    case UNAUTHENTICATED -> org.springframework.graphql.execution.ErrorType.UNAUTHORIZED;
                    default -> org.springframework.graphql.execution.ErrorType.INTERNAL_ERROR;
                })
                .message(details.message())
                .extensions(Map.of("code", details.code().name()))
                .build();
    }
}
