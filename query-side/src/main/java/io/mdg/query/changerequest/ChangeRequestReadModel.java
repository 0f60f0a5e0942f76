package io.mdg.query.changerequest;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.ListChangeRequestsQuery;

/**
 * The change-request read model: what the {@link ChangeRequestProjection} writes and the queries read. Adapters:
 * memory ({@link MemoryChangeRequestReadModel}) and MongoDB ({@link MongoChangeRequestReadModel}).
 *
 * <p>Lists are newest first (by {@code openedAt}, then id, both descending), filtered as
 * {@link ListChangeRequestsQuery} asks ({@link ChangeRequestFilter}).
 */
public interface ChangeRequestReadModel {

    /** Page size when a list query asks for none. */
    int DEFAULT_PAGE = 50;

    /** A change request as the projection keeps it: the view, the sequence of its last event, who approved it. */
    record StoredChangeRequest(ChangeRequestView view, long sequence, List<String> approvers) {
        public StoredChangeRequest {
            approvers = List.copyOf(approvers);
        }
    }

    Optional<StoredChangeRequest> load(String id);

    void save(StoredChangeRequest request);

    /** Forgets every change request (a rebuild starts). */
    void dropAll();

    default Optional<ChangeRequestView> find(String id) {
        return id == null ? Optional.empty() : load(id).map(StoredChangeRequest::view);
    }

    /** Newest first, filtered as the query asks, after {@code afterId}; at most the query's limit. */
    List<ChangeRequestView> list(ListChangeRequestsQuery query);

    /** Every change request of a status, in no particular order (reports and metrics). */
    void forEach(ChangeRequestStatus status, Consumer<ChangeRequestView> action);

    /** How many change requests have the status. */
    long count(ChangeRequestStatus status);

    /** The page size a query that asked for {@code limit} gets. */
    static int pageSize(int limit) {
        return limit <= 0 ? DEFAULT_PAGE : limit;
    }
}
