package io.mdg.graphql.hygiene;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.validation.ValidationError;
import io.mdg.api.error.ErrorCode;

/**
 * Refuses a GraphQL document over the {@link GraphQlLimits} as soon as it is parsed, before validation and execution
 * (graphql-java answers an {@link AbortExecutionException} raised here as the request's only error, with no data):
 * aliases, root fields, depth and complexity, checked in that order, the first limit exceeded reported with its
 * code, the limit and the document's figure in {@code extensions}. Measuring is linear in the document's length
 * ({@link DocumentShape}); graphql-java's parser already caps the document itself (15,000 tokens).
 */
public class QueryLimitsInstrumentation extends SimplePerformantInstrumentation {

    private final GraphQlLimits limits;

    public QueryLimitsInstrumentation(GraphQlLimits limits) {
        this.limits = limits;
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
                                                                         InstrumentationState state) {
        DocumentShape shape = DocumentShape.of(parameters.getDocument(), parameters.getSchema(),
                parameters.getExecutionInput().getVariables());
        if (shape.aliases() > limits.maxAliases()) {
            throw refusal(ErrorCode.TOO_MANY_ALIASES, "The document uses " + shape.aliases()
                    + " aliases; at most " + limits.maxAliases() + " are allowed", limits.maxAliases(), shape.aliases());
        }
        if (shape.rootFields() > limits.maxRootFields()) {
            throw refusal(ErrorCode.TOO_MANY_ROOT_FIELDS, "The operation has " + shape.rootFields()
                    + " root fields; at most " + limits.maxRootFields() + " are allowed", limits.maxRootFields(),
                    shape.rootFields());
        }
        if (shape.depth() > limits.maxDepth()) {
            throw refusal(ErrorCode.QUERY_TOO_DEEP, "The query is " + shape.depth() + " levels deep; at most "
                    + limits.maxDepth() + " are allowed", limits.maxDepth(), shape.depth());
        }
        if (shape.complexity() > limits.maxComplexity()) {
            throw refusal(ErrorCode.QUERY_TOO_COMPLEX, "The query's complexity is "
                    + (shape.complexity() == Long.MAX_VALUE ? "beyond measure" : shape.complexity())
                    + "; at most " + limits.maxComplexity() + " is allowed (one per field, the selection under a"
                    + " field with `first` counted `first` times)", limits.maxComplexity(), shape.complexity());
        }
        return super.beginValidation(parameters, state);
    }

    private static AbortExecutionException refusal(ErrorCode code, String message, long limit, long actual) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        extensions.put("limit", limit);
        extensions.put("actual", actual);
        GraphQLError error = GraphqlErrorBuilder.newError()
                .message(message)
                .errorType(org.springframework.graphql.execution.ErrorType.BAD_REQUEST)
                .extensions(extensions)
                .build();
        return new AbortExecutionException(List.of(error));
    }
}
