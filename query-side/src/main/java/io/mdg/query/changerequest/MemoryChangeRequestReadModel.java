package io.mdg.query.changerequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.ListChangeRequestsQuery;

/**
 * The change requests in memory: by id, and in list order (newest first: {@code openedAt}, then id, descending) in
 * a concurrent sorted map that lists walk from the cursor, testing each request against the query.
 */
public class MemoryChangeRequestReadModel implements ChangeRequestReadModel {

    private record Position(Instant openedAt, String id) {
    }

    private static final Comparator<Position> NEWEST_FIRST = Comparator
            .comparing(Position::openedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()).reversed())
            .thenComparing(Position::id, Comparator.reverseOrder());

    private final Map<String, StoredChangeRequest> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Position, StoredChangeRequest> ordered =
            new ConcurrentSkipListMap<>(NEWEST_FIRST);

    @Override
    public Optional<StoredChangeRequest> load(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public void save(StoredChangeRequest request) {
        StoredChangeRequest before = byId.put(request.view().id(), request);
        if (before != null) {
            ordered.remove(position(before));
        }
        ordered.put(position(request), request);
    }

    @Override
    public void dropAll() {
        byId.clear();
        ordered.clear();
    }

    @Override
    public List<ChangeRequestView> list(ListChangeRequestsQuery query) {
        int size = ChangeRequestReadModel.pageSize(query.limit());
        if (query.decider() != null && (query.deciderRoles() == null || query.deciderRoles().isEmpty())
                && query.delegations().isEmpty()) {
            return List.of();
        }
        Map<Position, StoredChangeRequest> from = ordered;
        if (query.afterId() != null) {
            StoredChangeRequest after = byId.get(query.afterId());
            if (after == null) {
                return List.of();
            }
            from = ordered.tailMap(position(after), false);
        }
        List<ChangeRequestView> page = new ArrayList<>();
        for (StoredChangeRequest request : from.values()) {
            if (matches(query, request)) {
                page.add(request.view());
                if (page.size() == size) {
                    break;
                }
            }
        }
        return page;
    }

    @Override
    public void forEach(ChangeRequestStatus status, Consumer<ChangeRequestView> action) {
        for (StoredChangeRequest request : byId.values()) {
            if (request.view().status() == status) {
                action.accept(request.view());
            }
        }
    }

    @Override
    public long count(ChangeRequestStatus status) {
        return byId.values().stream().filter(r -> r.view().status() == status).count();
    }

    private static boolean matches(ListChangeRequestsQuery query, StoredChangeRequest request) {
        ChangeRequestView view = request.view();
        String requester = view.requestedBy() == null ? null : view.requestedBy().name();
        if (query.status() != null && view.status() != query.status()
                || query.domain() != null && view.type() != query.domain()
                || query.requestedBy() != null && !query.requestedBy().equals(requester)
                || query.recordId() != null && !query.recordId().equals(view.recordId())) {
            return false;
        }
        if (query.decider() != null) {
            Set<String> roles = query.deciderRoles() == null ? Set.of() : query.deciderRoles();
            if (view.status() != ChangeRequestStatus.PENDING || query.decider().equals(requester)
                    || request.approvers().contains(query.decider())) {
                return false;
            }
            // their own roles, or a delegated one whose delegator neither requested nor approved it
            return view.currentDeciderRoles().stream().anyMatch(roles::contains)
                    || query.delegations().stream().anyMatch(d -> view.currentDeciderRoles().contains(d.role())
                            && !d.delegator().equals(requester) && !request.approvers().contains(d.delegator()));
        }
        return true;
    }

    private static Position position(StoredChangeRequest request) {
        return new Position(request.view().openedAt(), request.view().id());
    }
}
