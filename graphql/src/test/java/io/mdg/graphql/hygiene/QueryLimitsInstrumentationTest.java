package io.mdg.graphql.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

/** The limits while executing and on the answer, on a small schema whose one unpaged list has as many rows as asked. */
class QueryLimitsInstrumentationTest {

    private static final String SDL = "type Query { rows(count: Int!): [Row!]! } "
            + "type Mutation { rows(count: Int!): [Row!]! } type Row { a: String b: String }";

    private final AtomicInteger fetched = new AtomicInteger();

    private GraphQL engine(GraphQlLimits limits) {
        return engine(limits, env -> {
            fetched.incrementAndGet();
            return ((Map<?, ?>) env.getSource()).get(env.getField().getName());
        });
    }

    private GraphQL engine(GraphQlLimits limits, DataFetcher<?> field) {
        DataFetcher<?> rows = env -> IntStream.range(0, (Integer) env.getArgument("count"))
                .mapToObj(i -> Map.of("a", "row " + i, "b", "x".repeat(100))).toList();
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type("Query", t -> t.dataFetcher("rows", rows))
                .type("Mutation", t -> t.dataFetcher("rows", rows))
                .type("Row", t -> t.dataFetcher("a", field).dataFetcher("b", field))
                .build();
        return GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring))
                .instrumentation(new QueryLimitsInstrumentation(limits)).build();
    }

    private static GraphQlLimits limits(long maxComplexity, DataSize maxResponse, Duration timeout) {
        return new GraphQlLimits(null, maxComplexity, null, null, null, maxResponse, timeout, 10, null, null, null);
    }

    @Test
    void a_list_larger_than_its_declared_size_is_held_to_the_complexity_limit_while_executing() {
        ExecutionResult result = engine(limits(1_000, null, null)).execute("{ rows(count: 5000) { a b } }");
        assertThat(result.<Object>getData()).isNull();
        assertThat(result.getErrors()).singleElement().satisfies(error -> {
            assertThat(error.getExtensions()).containsEntry("code", "QUERY_TOO_COMPLEX").containsEntry("limit", 1_000L);
            assertThat(error.getMessage()).contains("While executing");
        });
        assertThat(fetched.get()).isLessThan(1_000); // stopped there, not after the 10,000 fields
    }

    @Test
    void a_light_field_stays_light_and_is_still_held_to_the_complexity_limit() {
        LightDataFetcher<Object> light = new LightDataFetcher<>() {
            @Override
            public Object get(GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> env) {
                fetched.incrementAndGet();
                return ((Map<?, ?>) source).get(field.getName());
            }

            @Override
            public Object get(DataFetchingEnvironment environment) {
                throw new AssertionError("the field's environment was built");
            }
        };

        ExecutionResult few = engine(limits(1_000, null, null), light).execute("{ rows(count: 3) { a b } }");
        ExecutionResult many = engine(limits(1_000, null, null), light).execute("{ rows(count: 5000) { a b } }");

        assertThat(few.getErrors()).isEmpty();
        assertThat((List<?>) few.<Map<String, Object>>getData().get("rows")).hasSize(3);
        assertThat(many.getErrors()).singleElement().satisfies(error ->
                assertThat(error.getExtensions()).containsEntry("code", "QUERY_TOO_COMPLEX"));
        assertThat(fetched.get()).as("fields fetched: 6, then up to the limit").isLessThanOrEqualTo(6 + 1_000);
    }

    @Test
    void a_list_within_the_limit_is_answered_in_full() {
        ExecutionResult result = engine(limits(1_000, null, null)).execute("{ rows(count: 400) { a b } }");
        assertThat(result.getErrors()).isEmpty();
        assertThat((List<?>) result.<Map<String, Object>>getData().get("rows")).hasSize(400);
    }

    @Test
    void an_answer_over_the_response_size_is_replaced_whole_by_an_error_never_truncated() {
        ExecutionResult result = engine(limits(100_000, DataSize.ofKilobytes(64), null))
                .execute("{ rows(count: 1000) { a b } }");
        assertThat(result.<Object>getData()).isNull();
        assertThat(result.getErrors()).singleElement().satisfies(error -> assertThat(error.getExtensions())
                .containsEntry("code", "RESPONSE_TOO_LARGE").containsEntry("limit", 65_536L));
        ExecutionResult small = engine(limits(100_000, DataSize.ofKilobytes(64), null))
                .execute("{ rows(count: 100) { a b } }");
        assertThat(small.getErrors()).isEmpty();
    }

    @Test
    void the_size_bound_that_spares_small_answers_their_serialisation_is_never_below_the_json_written() {
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("text", "quote \" backslash \\ tab \t bell \u0007 \u00e9\u20ac\ud83d\ude00 </script>");
        answer.put("numbers", List.of(1, -2L, 3.5e-300, new java.math.BigDecimal("1234567890.123456789012345678"),
                java.math.BigInteger.TEN.pow(60)));
        answer.put("nested", List.of(Map.of("flag", true, "none", "", "key \"x\"", List.of())));
        answer.put("missing", null);
        long exact = QueryLimitsInstrumentation.jsonSize(Map.of("data", answer), Long.MAX_VALUE);

        assertThat(QueryLimitsInstrumentation.jsonSizeAtMost(Map.of("data", answer), 1_000_000))
                .isGreaterThanOrEqualTo(exact);
        assertThat(QueryLimitsInstrumentation.jsonSizeAtMost(Map.of("data", answer), exact - 1))
                .as("past the limit the exact count decides").isEqualTo(Long.MAX_VALUE);
        assertThat(QueryLimitsInstrumentation.jsonSizeAtMost(Map.of("data", new Object()), 1_000_000))
                .as("a value of another type is counted exactly").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void an_execution_past_its_time_resolves_no_further_field_and_answers_only_the_timeout() {
        ExecutionResult result = engine(limits(100_000, null, Duration.ZERO)).execute("{ rows(count: 10) { a b } }");
        assertThat(result.<Object>getData()).isNull();
        assertThat(result.getErrors()).singleElement().satisfies(error -> assertThat(error.getExtensions())
                .containsEntry("code", "TIMEOUT"));
        assertThat(fetched.get()).isZero();
    }

    @Test
    void a_mutations_answer_says_what_was_applied_whatever_its_time_and_size() {
        ExecutionResult result = engine(limits(1_000, DataSize.ofKilobytes(1), Duration.ZERO))
                .execute("mutation { rows(count: 600) { a b } }");
        assertThat(result.getErrors()).isEmpty();
        assertThat((List<?>) result.<Map<String, Object>>getData().get("rows")).hasSize(600);
    }

    @Test
    void the_estimate_is_charged_to_the_callers_permit() {
        AtomicLong charged = new AtomicLong();
        CallerLimits.Permit permit = new CallerLimits.Permit() {
            @Override
            public void charge(long cost) {
                charged.addAndGet(cost);
            }

            @Override
            public void close() {
            }
        };
        ExecutionResult result = engine(limits(1_000, null, null)).execute(ExecutionInput.newExecutionInput()
                .query("{ rows(count: 3) { a b } }").graphQLContext(Map.of(QueryLimitsInstrumentation.PERMIT, permit))
                .build());
        assertThat(result.getErrors()).isEmpty();
        assertThat(charged.get()).isEqualTo(1 + 10 * 2); // the root, and the list at the default size of 10
    }
}
