package io.mdg.graphql.idempotency;

import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.idempotency.IdempotencyClaim;
import io.mdg.graphql.correlation.IdempotencyClaims;
import io.mdg.graphql.error.ApiException;

/**
 * Makes the idempotency claim of a mutation sent with an {@value IdempotencyClaim#HEADER} header: the caller's scope,
 * the key, and the hash of the mutation's resolved arguments ({@link CanonicalInput}); held for the mutation's data
 * fetcher ({@link IdempotencyClaims#with}), whose command carries it to the command side. Refused with VALIDATION_FAILED,
 * before anything is done: a key that is not valid ({@link IdempotencyClaim#problemOf}); an operation with more than
 * one mutation field (one key names one request; send them separately, each with its key); {@code submitBatch}
 * (its entries have a key each, {@code idempotencyKey}). On queries and subscriptions the header changes nothing:
 * reading is safe to repeat. Fields other than the root mutation fields, and requests without the header, are not
 * touched.
 */
public class IdempotencyKeyInstrumentation extends SimplePerformantInstrumentation {

    /** Mutations whose entries have a key each instead of one header. */
    private static final Set<String> KEYED_PER_ENTRY = Set.of("submitBatch");

    /** The request's key and the caller's scope; no state (nothing to do) for a request without the header. */
    record Keyed(String key, String scope) implements InstrumentationState {
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        Object key = parameters.getExecutionInput().getGraphQLContext().get(IdempotencyKeyInterceptor.KEY);
        return key == null ? null : new Keyed(key.toString(),
                parameters.getExecutionInput().getGraphQLContext().get(IdempotencyKeyInterceptor.SCOPE));
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters
            parameters, InstrumentationState state) {
        if (!(state instanceof Keyed keyed) || parameters.getExecutionStepInfo().getPath().getLevel() != 1
                || parameters.getEnvironment().getGraphQLSchema().getMutationType()
                != parameters.getExecutionStepInfo().getObjectType()) {
            return dataFetcher;
        }
        return env -> {
            IdempotencyClaim claim = claim(env, keyed.key(), keyed.scope());
            if (claim == null) {
                return dataFetcher.get(env);
            }
            return IdempotencyClaims.with(claim, () -> dataFetcher.get(env));
        };
    }

    /** The claim of the mutation field; null for a caller without a scope (not signed in: refused anyway). */
    static IdempotencyClaim claim(DataFetchingEnvironment env, String key, String scope) {
        String problem = IdempotencyClaim.problemOf(key);
        if (problem != null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, problem + " (header " + IdempotencyClaim.HEADER + ")");
        }
        String field = env.getField().getName();
        if (KEYED_PER_ENTRY.contains(field)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "an " + IdempotencyClaim.HEADER + " header does not "
                    + "apply to " + field + ": give each entry its own key (" + CanonicalInput.KEY_FIELD + ")");
        }
        int fields = count(env.getOperationDefinition().getSelectionSet(), env.getFragmentsByName());
        if (fields > 1) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "an " + IdempotencyClaim.HEADER + " header names one "
                    + "mutation, and this operation has " + fields + " mutation fields; send each in its own request "
                    + "with its own key");
        }
        if (scope == null) {
            return null;
        }
        return new IdempotencyClaim(scope, key, CanonicalInput.hash(field, env.getArguments()));
    }

    /** The root fields of an operation, fragments expanded. */
    private static int count(SelectionSet selections, Map<String, FragmentDefinition> fragments) {
        int count = 0;
        List<Selection> list = selections == null ? List.of() : selections.getSelections();
        for (Selection<?> selection : list) {
            if (selection instanceof Field field) {
                count += field.getName().startsWith("__") ? 0 : 1;
            } else if (selection instanceof InlineFragment inline) {
                count += count(inline.getSelectionSet(), fragments);
            } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
                count += count(fragments.get(spread.getName()).getSelectionSet(), fragments);
            }
        }
        return count;
    }
}
