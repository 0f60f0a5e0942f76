package io.mdg.graphql.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.xref.RecordRef;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;

/** Reading golden records: an adapter from GraphQL queries to the query gateway. */
@Controller
@Profile("edge")
public class RecordController {

    /** Largest page a list query answers. */
    public static final int MAX_PAGE = 500;

    private final RecordReader reader;

    public RecordController(RecordReader reader) {
        this.reader = reader;
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<SupplierNode> supplier(@Argument String id) {
        return find(EntityType.SUPPLIER, id, SupplierNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<ItemNode> item(@Argument String id) {
        return find(EntityType.ITEM, id, ItemNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<ContractNode> contract(@Argument String id) {
        return find(EntityType.CONTRACT, id, ContractNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<LocationNode> location(@Argument String id) {
        return find(EntityType.LOCATION, id, LocationNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS + " or " + Roles.SOURCE_CLIENT)
    public CompletableFuture<MasterRecordNode> recordBySource(@Argument SourceSystem system, @Argument String sourceId,
                                                              @Argument EntityType type, Authentication authentication) {
        Caller caller = Caller.from(authentication);
        if (!caller.hasAnyRole(Roles.READER_ROLES) && caller.sourceSystem().filter(s -> s == system).isEmpty()) {
            throw new AccessDeniedException("a source client may only resolve its own system's records");
        }
        return reader.bySource(system, sourceId, type).thenCompose(refs -> {
            if (refs.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (refs.size() > 1) {
                throw new ApiException(ErrorCode.BAD_REQUEST,
                        "source id " + sourceId + " of " + system + " maps to records of several types; pass type");
            }
            RecordRef ref = refs.get(0);
            return reader.find(ref.type(), ref.goldenId()).thenApply(found -> found.map(MasterRecordNode::of).orElse(null));
        });
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<RecordPage<SupplierNode>> suppliers(@Argument LifecycleStatus status,
                                                                 @Argument String after, @Argument Integer first) {
        return page(EntityType.SUPPLIER, status, after, first, SupplierNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<RecordPage<ItemNode>> items(@Argument LifecycleStatus status, @Argument String after,
                                                         @Argument Integer first) {
        return page(EntityType.ITEM, status, after, first, ItemNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<RecordPage<ContractNode>> contracts(@Argument LifecycleStatus status,
                                                                 @Argument String after, @Argument Integer first) {
        return page(EntityType.CONTRACT, status, after, first, ContractNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<RecordPage<LocationNode>> locations(@Argument LifecycleStatus status,
                                                                 @Argument String after, @Argument Integer first) {
        return page(EntityType.LOCATION, status, after, first, LocationNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<List<RecordCount>> recordCounts(@Argument EntityType type) {
        List<CompletableFuture<RecordCount>> counts = new ArrayList<>();
        for (EntityType t : type == null ? EntityType.values() : new EntityType[]{type}) {
            counts.add(reader.count(t, null).thenApply(n -> new RecordCount(t, null, n)));
            for (LifecycleStatus status : LifecycleStatus.values()) {
                counts.add(reader.count(t, status).thenApply(n -> new RecordCount(t, status, n)));
            }
        }
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
                .thenApply(done -> counts.stream().map(CompletableFuture::join).toList());
    }

    /** A page size from a {@code first} argument: 1 to {@link #MAX_PAGE}, refused otherwise. */
    public static int pageSize(Integer first, int fallback) {
        int size = first == null ? fallback : first;
        if (size < 1 || size > MAX_PAGE) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "first must be between 1 and " + MAX_PAGE);
        }
        return size;
    }

    private <T extends MasterRecordNode> CompletableFuture<T> find(EntityType type, String id, Class<T> node) {
        return reader.find(type, id).thenApply(found -> found.map(MasterRecordNode::of).map(node::cast).orElse(null));
    }

    private <T extends MasterRecordNode> CompletableFuture<RecordPage<T>> page(EntityType type, LifecycleStatus status,
                                                                               String after, Integer first,
                                                                               Class<T> node) {
        int size = pageSize(first, 50);
        return reader.list(type, status, after, size).thenApply(views -> {
            List<T> records = views.stream().map(MasterRecordNode::of).map(node::cast).toList();
            String nextAfter = records.size() >= size ? records.get(records.size() - 1).id() : null;
            return new RecordPage<>(records, nextAfter);
        });
    }
}
