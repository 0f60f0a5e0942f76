package io.mdg.query.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryMessage;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;

/** A query that fails on an unreachable read store is described as UNAVAILABLE; anything else passes unchanged. */
class ReadStoreUnavailableTest {

    private final ReadStoreUnavailable interceptor = new ReadStoreUnavailable();
    private final UnitOfWork<QueryMessage<?, ?>> unitOfWork = new DefaultUnitOfWork<>(
            new GenericQueryMessage<>("a record", "FindRecordsQuery", ResponseTypes.instanceOf(String.class)));

    @Test
    void an_unreachable_read_store_is_described_as_unavailable_with_its_cause() {
        MongoTimeoutException timeout = new MongoTimeoutException("Timed out while waiting for a server");

        assertThatThrownBy(() -> interceptor.handle(unitOfWork, () -> {
            throw timeout;
        })).isInstanceOfSatisfying(QueryExecutionException.class, e -> {
            assertThat(e.getDetails()).contains(new MdgErrorDetails(ErrorCode.UNAVAILABLE, ReadStoreUnavailable.MESSAGE,
                    java.util.List.of()));
            assertThat(e).hasCause(timeout);
        });
    }

    @Test
    void a_socket_failure_deeper_in_the_cause_chain_counts_too() {
        RuntimeException wrapped = new IllegalStateException("reading the record failed",
                new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress("127.0.0.1", 1)));

        assertThatThrownBy(() -> interceptor.handle(unitOfWork, () -> {
            throw wrapped;
        })).isInstanceOfSatisfying(QueryExecutionException.class,
                e -> assertThat(e.getDetails().map(d -> ((MdgErrorDetails) d).code())).contains(ErrorCode.UNAVAILABLE));
    }

    @Test
    void other_failures_and_answers_pass_unchanged() throws Exception {
        IllegalArgumentException bug = new IllegalArgumentException("not a store problem");

        assertThatThrownBy(() -> interceptor.handle(unitOfWork, () -> {
            throw bug;
        })).isSameAs(bug);
        assertThat(interceptor.handle(unitOfWork, () -> "answer")).isEqualTo("answer");
    }
}
