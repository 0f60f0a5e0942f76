package io.mdg.query.record;

import java.util.List;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.record.CountRecordsQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.ListRecordsQuery;
import io.mdg.api.record.RecordView;

/** Answers golden-record queries from the read model of {@link RecordProjection}. */
@Component
@Profile("query")
public class RecordQueries {

    private final RecordStore store;

    public RecordQueries(RecordStore store) {
        this.store = store;
    }

    @QueryHandler
    public Optional<RecordView> handle(FindRecordQuery query) {
        return store.find(query.type(), query.recordId());
    }

    /** A page in id order after {@code afterId}; at most {@link RecordStore#MAX_PAGE} records. */
    @QueryHandler
    public List<RecordView> handle(ListRecordsQuery query) {
        if (query.type() == null) {
            throw new IllegalArgumentException("a list query needs a record type");
        }
        return store.list(query.type(), query.status(), query.afterId(), query.limit());
    }

    @QueryHandler
    public Long handle(CountRecordsQuery query) {
        return store.count(query.type(), query.status());
    }
}
