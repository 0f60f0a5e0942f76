package io.mdg.graphql.hygiene;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.OperationDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import graphql.validation.ValidationError;
import io.mdg.api.error.ErrorCode;

/**
 * Holds one GraphQL request to the {@link GraphQlLimits}, before and while it is executed:
 * <ul>
 *   <li>as soon as the document is parsed, before validation and execution (or, for a document parsed and validated
 *       before and taken from a cache, before execution) (graphql-java answers an
 *       {@link AbortExecutionException} raised here as the request's only error, with no data): aliases, root
 *       fields, depth and complexity (unpaged lists counted at their declared sizes), checked in that order, the
 *       first limit exceeded reported with its code, the limit and the document's figure in {@code extensions}.
 *       Measuring is linear in the document's length ({@link DocumentShape}); graphql-java's parser already caps the
 *       document itself (15,000 tokens). The estimate is then charged to the caller's cost bucket
 *       ({@link CallerLimits.Permit}, from the GraphQL context's {@link #PERMIT} when the request came over HTTP);</li>
 *   <li>while a query executes (not a mutation, whose answer says what was applied, its size bounded by the batch
 *       limit and the estimate; nor a subscription's events): every field resolved counts one against the
 *       complexity limit, so lists larger than their declared sizes are held to it too, and the execution may run
 *       for at most the timeout. Past either, no further field is resolved (each answers nothing) and the answer is
 *       only the error (QUERY_TOO_COMPLEX, TIMEOUT);</li>
 *   <li>a query's answer may be at most the response size in JSON; a larger one is replaced whole by the error
 *       RESPONSE_TOO_LARGE (never truncated). It is measured by writing it to a counter that stops at the limit.</li>
 * </ul>
 */
public class QueryLimitsInstrumentation extends SimplePerformantInstrumentation {

    /** The GraphQL context key of the caller's {@link CallerLimits.Permit} (set by {@link CallerLimitsInterceptor}). */
    public static final String PERMIT = CallerLimitsFilter.PERMIT;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final GraphQlLimits limits;

    public QueryLimitsInstrumentation(GraphQlLimits limits) {
        this.limits = limits;
    }

    /** One execution's budget: fields resolved so far, its deadline, and the limit it passed, if any. */
    static final class Budget implements InstrumentationState {
        final AtomicLong fields = new AtomicLong();
        final long deadline;
        /** Not a query: a mutation's answer (what was applied) or a subscription's events are always answered. */
        volatile boolean exempt;
        volatile ErrorCode exceeded;
        /** The document was measured against the limits and the caller charged (once per request). */
        volatile boolean measured;

        Budget(long deadline) {
            this.deadline = deadline;
        }

        /** Whether one more field may be resolved; once not, never again. */
        boolean spend(long maxFields) {
            if (exempt) {
                return true;
            }
            if (exceeded != null) {
                return false;
            }
            if (fields.incrementAndGet() > maxFields) {
                exceeded = ErrorCode.QUERY_TOO_COMPLEX;
                return false;
            }
            if (System.nanoTime() - deadline >= 0) {
                exceeded = ErrorCode.TIMEOUT;
                return false;
            }
            return true;
        }
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new Budget(System.nanoTime() + limits.timeout().toNanos());
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        if (state instanceof Budget budget && !budget.measured) {
            // a document taken parsed and validated from a cache (io.mdg.graphql.ParsedDocuments) skipped validation
            graphql.execution.ExecutionContext execution = parameters.getExecutionContext();
            measure(execution.getDocument(), execution.getGraphQLSchema(), execution.getExecutionInput(), budget);
        }
        if (state instanceof Budget budget && parameters.getExecutionContext().getOperationDefinition().getOperation()
                != OperationDefinition.Operation.QUERY) {
            budget.exempt = true;
        }
        return super.beginExecuteOperation(parameters, state);
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
                                                InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        if (!(state instanceof Budget budget)) {
            return dataFetcher;
        }
        long maxFields = limits.maxComplexity();
        if (dataFetcher instanceof LightDataFetcher<?> light) {
            // stays light: graphql-java builds no DataFetchingEnvironment for the field (a property of a record: most
            // fields of an answer), which a plain wrapper would make it build for every one of them
            return new LightDataFetcher<Object>() {
                @Override
                public Object get(GraphQLFieldDefinition field, Object source,
                                  Supplier<DataFetchingEnvironment> environment) throws Exception {
                    return budget.spend(maxFields) ? light.get(field, source, environment) : null;
                }

                @Override
                public Object get(DataFetchingEnvironment environment) throws Exception {
                    return budget.spend(maxFields) ? light.get(environment) : null;
                }
            };
        }
        return environment -> budget.spend(maxFields) ? dataFetcher.get(environment) : null;
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                                                                        InstrumentationExecutionParameters parameters,
                                                                        InstrumentationState state) {
        if (state instanceof Budget budget && budget.exceeded == ErrorCode.QUERY_TOO_COMPLEX) {
            return CompletableFuture.completedFuture(only(ErrorCode.QUERY_TOO_COMPLEX, "While executing, the query "
                    + "resolved more than " + limits.maxComplexity() + " fields (its lists are larger than the sizes"
                    + " the estimate counts); ask for smaller pages or fewer fields", limits.maxComplexity(),
                    budget.fields.get()));
        }
        if (state instanceof Budget budget && budget.exceeded == ErrorCode.TIMEOUT) {
            return CompletableFuture.completedFuture(only(ErrorCode.TIMEOUT, "The query ran longer than "
                    + limits.timeout().toMillis() + " ms and was stopped; ask for smaller pages or fewer fields",
                    limits.timeout().toMillis(), null));
        }
        if (state instanceof Budget budget && !budget.exempt && !(result.getData() instanceof Publisher<?>)) {
            long max = limits.maxResponseSize().toBytes();
            Map<String, Object> answer = result.toSpecification();
            if (jsonSizeAtMost(answer, max) > max && jsonSize(answer, max) > max) {
                return CompletableFuture.completedFuture(only(ErrorCode.RESPONSE_TOO_LARGE, "The answer is larger "
                        + "than " + max + " bytes and was not sent; ask for smaller pages or fewer fields", max, null));
            }
        }
        return CompletableFuture.completedFuture(result);
    }

    /**
     * An upper bound of the size of the value's JSON (maps, lists, strings, numbers, booleans and nulls; each string
     * as if every character were written as a six-character escape), without writing it; past {@code max}, or for a
     * value of another type, it stops and answers {@code Long.MAX_VALUE}. Most answers are far below the limit: this
     * walk spares them the serialisation {@link #jsonSize} costs (the answer is serialised again when it is sent).
     */
    static long jsonSizeAtMost(Object value, long max) {
        long[] bound = {0};
        return boundOf(value, max, bound) ? bound[0] : Long.MAX_VALUE;
    }

    private static boolean boundOf(Object value, long max, long[] bound) {
        if (value == null || value instanceof Boolean) {
            bound[0] += 5;
        } else if (value instanceof CharSequence text) {
            bound[0] += 2 + 6L * text.length();
        } else if (value instanceof java.math.BigDecimal || value instanceof java.math.BigInteger) {
            bound[0] += value.toString().length();
        } else if (value instanceof Number) {
            bound[0] += 32;
        } else if (value instanceof Enum<?> e) {
            bound[0] += 2 + 6L * e.name().length();
        } else if (value instanceof Map<?, ?> map) {
            bound[0] += 2;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bound[0] += 2;
                if (!(entry.getKey() instanceof String key) || !boundOf(key, max, bound)
                        || !boundOf(entry.getValue(), max, bound)) {
                    return false;
                }
            }
        } else if (value instanceof List<?> list) {
            bound[0] += 2;
            for (Object element : list) {
                bound[0] += 1;
                if (!boundOf(element, max, bound)) {
                    return false;
                }
            }
        } else {
            return false;
        }
        return bound[0] <= max;
    }

    /** The size of the value's JSON, counted up to just past {@code max}. */
    static long jsonSize(Object value, long max) {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                add(len);
            }

            private void add(long n) throws IOException {
                count[0] += n;
                if (count[0] > max) {
                    throw new IOException("over the limit");
                }
            }
        };
        try {
            JSON.writeValue(counter, value);
        } catch (IOException e) {
            if (count[0] <= max) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return count[0];
    }

    private static ExecutionResult only(ErrorCode code, String message, long limit, Long actual) {
        return ExecutionResult.newExecutionResult().addError(error(code, message, limit, actual)).build();
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
                                                                         InstrumentationState state) {
        measure(parameters.getDocument(), parameters.getSchema(), parameters.getExecutionInput(),
                state instanceof Budget budget ? budget : null);
        return super.beginValidation(parameters, state);
    }

    /**
     * Refuses a document over a limit and charges the caller its estimated cost: before validation when the document
     * is parsed for this request, else (a cached document) before executing it; once per request either way.
     */
    private void measure(graphql.language.Document document, graphql.schema.GraphQLSchema schema,
                         graphql.ExecutionInput input, Budget budget) {
        if (budget != null) {
            budget.measured = true;
        }
        DocumentShape shape = DocumentShape.of(document, schema, input.getVariables(), limits::listSize);
        if (shape.aliases() > limits.maxAliases()) {
            throw refusal(ErrorCode.TOO_MANY_ALIASES, "The document uses " + shape.aliases()
                    + " aliases; at most " + limits.maxAliases() + " are allowed", limits.maxAliases(),
                    shape.aliases());
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
                    + " list counted as many times as the list's page size `first` or its declared size)",
                    limits.maxComplexity(), shape.complexity());
        }
        if (input.getGraphQLContext().get(PERMIT) instanceof CallerLimits.Permit permit) {
            charge(permit, shape.complexity());
        }
    }

    /** Charges the caller; a heavy query that found no running slot in time is refused with RATE_LIMITED. */
    private static void charge(CallerLimits.Permit permit, long cost) {
        try {
            permit.charge(cost);
        } catch (CallerLimits.Refused refused) {
            throw new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                    .message(refused.getMessage() + "; retry after " + refused.retryAfterSeconds() + " s")
                    .errorType(org.springframework.graphql.execution.ErrorType.BAD_REQUEST)
                    .extensions(Map.of("code", ErrorCode.RATE_LIMITED.name(),
                            "retryAfterSeconds", refused.retryAfterSeconds()))
                    .build()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortExecutionException("interrupted while waiting to run");
        }
    }

    private static AbortExecutionException refusal(ErrorCode code, String message, long limit, long actual) {
        return new AbortExecutionException(List.of(error(code, message, limit, actual)));
    }

    private static GraphQLError error(ErrorCode code, String message, long limit, Long actual) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        extensions.put("limit", limit);
        if (actual != null) {
            extensions.put("actual", actual);
        }
        return GraphqlErrorBuilder.newError()
                .message(message)
                .errorType(org.springframework.graphql.execution.ErrorType.BAD_REQUEST)
                .extensions(extensions)
                .build();
    }
}
