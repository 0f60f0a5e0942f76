package io.mdg.graphql.security;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import io.mdg.api.Actor;
import io.mdg.api.error.ErrorCode;

/**
 * Every mutation by a person is preceded by asking the identity provider whether that person may still act
 * ({@link ActiveUsers}): a steward or admin disabled in Keycloak loses the right to decide, propose, merge or
 * administer at once, not when their token expires. A disabled person's mutation is refused as FORBIDDEN, one that
 * cannot be checked (the identity provider unreachable) as UNAVAILABLE; in both cases nothing is executed. Source
 * systems' clients are not asked about (their tokens are short-lived client-credential tokens of no person).
 * Queries and subscriptions are not checked: reading ends when the token expires.
 */
public class ActiveUserInstrumentation extends SimplePerformantInstrumentation {

    /** Where Spring for GraphQL keeps the request's security context in the GraphQL context. */
    private static final String SECURITY_CONTEXT = SecurityContext.class.getName();

    private final ActiveUsers users;

    /** @param users who is asked; null: nobody is (the check is off, see {@link UserStatusProperties#check()}) */
    public ActiveUserInstrumentation(ActiveUsers users) {
        this.users = users;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        var execution = parameters.getExecutionContext();
        if (users != null && execution.getOperationDefinition().getOperation() == OperationDefinition.Operation.MUTATION
                && authentication(execution.getGraphQLContext()) instanceof JwtAuthenticationToken token) {
            Caller caller = Caller.from(token);
            if (caller.actor().type() == Actor.ActorType.USER && caller.sourceSystem().isEmpty()) {
                switch (users.status(token.getToken().getTokenValue())) {
                    case ACTIVE -> { }
                    case INACTIVE -> throw refusal(ErrorCode.FORBIDDEN, "the account of " + caller.actor().name()
                            + " is disabled, or its session was ended, in the identity provider: it may no longer"
                            + " change anything (nothing was changed)");
                    case UNKNOWN -> throw refusal(ErrorCode.UNAVAILABLE, "the identity provider could not confirm"
                            + " that the account of " + caller.actor().name() + " is still enabled; nothing was"
                            + " changed, and retrying later is safe");
                }
            }
        }
        return super.beginExecuteOperation(parameters, state);
    }

    private static Authentication authentication(graphql.GraphQLContext context) {
        Object propagated = context.get(SECURITY_CONTEXT);
        if (propagated instanceof SecurityContext security && security.getAuthentication() != null) {
            return security.getAuthentication();
        }
        return SecurityContextHolder.getContext().getAuthentication();
    }

    private static AbortExecutionException refusal(ErrorCode code, String message) {
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                .message(message)
                .errorType(code == ErrorCode.FORBIDDEN ? org.springframework.graphql.execution.ErrorType.FORBIDDEN
                        : org.springframework.graphql.execution.ErrorType.INTERNAL_ERROR)
                .extensions(Map.of("code", code.name()))
                .build()));
    }
}
