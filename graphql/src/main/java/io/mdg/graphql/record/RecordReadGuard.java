package io.mdg.graphql.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.graphql.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.RecordEntitlements;
import reactor.core.publisher.Mono;

/**
 * Object-level authorisation of golden records, for every field of the schema whose type is a record type (the
 * {@code MasterRecord} interface, its implementations, and lists of them), wherever it is: a root query, a relation
 * of another record, a change request's record, a change of the feed. A schema visitor wraps each such field's data
 * fetcher once; the wrapper asks {@link RecordEntitlements} about every record the field returns. A record the
 * caller may not read is answered as null with a FORBIDDEN error on the field; a list keeps the records the caller
 * may read and carries a FORBIDDEN error when it withheld any. Resolvers need no checks of their own.
 *
 * <p>Registers itself as a type visitor of the GraphQL source: Spring for GraphQL's own decorator wraps this one, so
 * the caller's security context is present when the field is fetched (also for subscriptions over WebSocket).
 */
@Component
@Profile("edge")
public class RecordReadGuard extends GraphQLTypeVisitorStub implements GraphQlSourceBuilderCustomizer {

    /** The schema's interface of every golden record type. */
    static final String RECORD_INTERFACE = "MasterRecord";

    private static final Logger log = LoggerFactory.getLogger(RecordReadGuard.class);

    private final RecordEntitlements entitlements;

    public RecordReadGuard(RecordEntitlements entitlements) {
        this.entitlements = entitlements;
    }

    @Override
    public void customize(GraphQlSource.SchemaResourceBuilder builder) {
        builder.typeVisitors(List.of(this));
    }

    /** Whether a field of this type returns golden records (one, or a list of them). */
    public static boolean isRecordType(GraphQLType type) {
        GraphQLNamedType named = GraphQLTypeUtil.unwrapAll(type);
        if (named instanceof GraphQLInterfaceType i) {
            return i.getName().equals(RECORD_INTERFACE);
        }
        return named instanceof GraphQLObjectType o
                && o.getInterfaces().stream().anyMatch(i -> i.getName().equals(RECORD_INTERFACE));
    }

    @Override
    public TraversalControl visitGraphQLFieldDefinition(GraphQLFieldDefinition field,
                                                        TraverserContext<GraphQLSchemaElement> context) {
        if (context.getParentNode() instanceof GraphQLObjectType parent && isRecordType(field.getType())) {
            GraphQLCodeRegistry.Builder registry = context.getVarFromParents(GraphQLCodeRegistry.Builder.class);
            FieldCoordinates coordinates = FieldCoordinates.coordinates(parent, field);
            DataFetcher<?> fetcher = registry.getDataFetcher(coordinates, field);
            registry.dataFetcher(coordinates, new Guarded(fetcher));
        }
        return TraversalControl.CONTINUE;
    }

    /** A record field's data fetcher with the entitlement check on what it returns. */
    private final class Guarded implements DataFetcher<Object> {

        private final DataFetcher<?> delegate;

        Guarded(DataFetcher<?> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object get(DataFetchingEnvironment env) throws Exception {
            Caller caller = caller(env);
            Object result = delegate.get(env);
            if (result instanceof CompletionStage<?> stage) {
                return stage.thenApply(value -> check(value, caller, env));
            }
            if (result instanceof Mono<?> mono) {
                return mono.map(value -> check(value, caller, env));
            }
            return check(result, caller, env);
        }
    }

    /**
     * The caller of the request being executed, told once per request (kept in its GraphQL context: every record
     * field of the answer asks); null when there is none (then nothing is readable).
     */
    private static Caller caller(DataFetchingEnvironment env) {
        return env.getGraphQlContext().<Optional<Caller>>computeIfAbsent(Caller.class, key -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            try {
                return Optional.ofNullable(authentication == null ? null : Caller.from(authentication));
            } catch (RuntimeException notABearer) {
                return Optional.empty();
            }
        }).orElse(null);
    }

    private Object check(Object value, Caller caller, DataFetchingEnvironment env) {
        if (value instanceof DataFetcherResult<?> result) {
            Object data = check(result.getData(), caller, env);
            if (data instanceof DataFetcherResult<?> checked) {
                return DataFetcherResult.newResult().data(checked.getData()).errors(result.getErrors())
                        .errors(checked.getErrors()).localContext(result.getLocalContext()).build();
            }
            return result;
        }
        if (value instanceof MasterRecordNode record) {
            return readable(record, caller) ? record
                    : DataFetcherResult.newResult().data(null).error(forbidden(env, caller, 1)).build();
        }
        if (value instanceof List<?> list) {
            List<Object> kept = new ArrayList<>(list.size());
            for (Object element : list) {
                if (!(element instanceof MasterRecordNode record) || readable(record, caller)) {
                    kept.add(element);
                }
            }
            int withheld = list.size() - kept.size();
            return withheld == 0 ? list
                    : DataFetcherResult.newResult().data(kept).error(forbidden(env, caller, withheld)).build();
        }
        return value;
    }

    private boolean readable(MasterRecordNode record, Caller caller) {
        return caller != null && entitlements.mayRead(caller, record.subject());
    }

    private static GraphQLError forbidden(DataFetchingEnvironment env, Caller caller, int withheld) {
        log.warn("Denied {} record(s) of {} to {} [correlationId={}]", withheld, env.getExecutionStepInfo().getPath(),
                caller == null ? "anonymous" : caller.actor().name(), Correlation.find().orElse("-"));
        return GraphqlErrorBuilder.newError(env)
                .errorType(ErrorType.FORBIDDEN)
                .message("Forbidden: the caller may not read " + (withheld == 1 ? "this record"
                        : withheld + " of these records"))
                .extensions(Map.of("code", ErrorCode.FORBIDDEN.name()))
                .build();
    }
}
