package io.mdg.graphql.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.record.ContractFilter;
import io.mdg.api.record.ItemFilter;
import io.mdg.api.record.LocationFilter;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SupplierFilter;
import io.mdg.api.xref.RecordRef;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.security.Access;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;

/**
 * Reading golden records: an adapter from GraphQL queries to the query gateway. One record (optionally as of an
 * instant), pages of records by filter as Relay connections in id order (the cursor is the record id), their total
 * count only when asked, the cross-reference and counts per status. The filter input types are the core-api filter
 * records themselves.
 */
@Controller
@Profile("edge")
public class RecordController {

    private final RecordReader reader;
    private final Access access;
    private final RequestSizes sizes;

    public RecordController(RecordReader reader, Access access, RequestSizes sizes) {
        this.reader = reader;
        this.access = access;
        this.sizes = sizes;
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<SupplierNode> supplier(@Argument String id, @Argument Instant asOf,
                                              @Argument String consistencyToken) {
        return find(EntityType.SUPPLIER, id, asOf, consistencyToken, SupplierNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<ItemNode> item(@Argument String id, @Argument Instant asOf,
                                              @Argument String consistencyToken) {
        return find(EntityType.ITEM, id, asOf, consistencyToken, ItemNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<ContractNode> contract(@Argument String id, @Argument Instant asOf,
                                              @Argument String consistencyToken) {
        return find(EntityType.CONTRACT, id, asOf, consistencyToken, ContractNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<LocationNode> location(@Argument String id, @Argument Instant asOf,
                                              @Argument String consistencyToken) {
        return find(EntityType.LOCATION, id, asOf, consistencyToken, LocationNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS + " or " + Roles.SOURCE_CLIENT)
    public CompletableFuture<MasterRecordNode> recordBySource(@Argument SourceSystem system, @Argument String sourceId,
                                                              @Argument EntityType type, Authentication authentication) {
        Caller caller = Caller.from(authentication);
        if (!access.reads(caller) && caller.sourceSystem().filter(s -> s == system).isEmpty()) {
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
    public CompletableFuture<RecordConnection<SupplierNode>> suppliers(@Argument SupplierFilter filter,
                                                                       @Argument Integer first, @Argument String after,
                                                                       @Argument LifecycleStatus status) {
        return page(filter, EntityType.SUPPLIER, status, after, first, SupplierNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<RecordConnection<ItemNode>> items(@Argument ItemFilter filter, @Argument Integer first,
                                                               @Argument String after,
                                                               @Argument LifecycleStatus status) {
        return page(filter, EntityType.ITEM, status, after, first, ItemNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<RecordConnection<ContractNode>> contracts(@Argument ContractFilter filter,
                                                                       @Argument Integer first, @Argument String after,
                                                                       @Argument LifecycleStatus status) {
        return page(filter, EntityType.CONTRACT, status, after, first, ContractNode.class);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<RecordConnection<LocationNode>> locations(@Argument LocationFilter filter,
                                                                       @Argument Integer first, @Argument String after,
                                                                       @Argument LifecycleStatus status) {
        return page(filter, EntityType.LOCATION, status, after, first, LocationNode.class);
    }

    /** Asked only when a client selects it: one count query with the page's filter. */
    @SchemaMapping(typeName = "SupplierPage", field = "totalCount")
    public CompletableFuture<Integer> supplierCount(RecordConnection<SupplierNode> page) {
        return totalCount(page);
    }

    @SchemaMapping(typeName = "ItemPage", field = "totalCount")
    public CompletableFuture<Integer> itemCount(RecordConnection<ItemNode> page) {
        return totalCount(page);
    }

    @SchemaMapping(typeName = "ContractPage", field = "totalCount")
    public CompletableFuture<Integer> contractCount(RecordConnection<ContractNode> page) {
        return totalCount(page);
    }

    @SchemaMapping(typeName = "LocationPage", field = "totalCount")
    public CompletableFuture<Integer> locationCount(RecordConnection<LocationNode> page) {
        return totalCount(page);
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

    private <T extends MasterRecordNode> CompletableFuture<T> find(EntityType type, String id, Instant asOf,
                                                                   String consistencyToken, Class<T> node) {
        if (asOf != null && consistencyToken != null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "give asOf or consistencyToken, not both: a token waits for the record as it is now");
        }
        CompletableFuture<Optional<RecordView>> found = asOf != null ? reader.findAsOf(type, id, asOf)
                : consistencyToken != null ? reader.find(type, id, ConsistencyToken.parse(consistencyToken, id))
                : reader.find(type, id);
        return found.thenApply(view -> view.map(MasterRecordNode::of).map(node::cast).orElse(null));
    }

    /**
     * A page of the records that match the filter. The deprecated {@code status} argument is the filter's status
     * when the filter has none; two different statuses are refused rather than silently matching nothing.
     */
    private <T extends MasterRecordNode> CompletableFuture<RecordConnection<T>> page(RecordFilter filter,
                                                                                     EntityType type,
                                                                                     LifecycleStatus status,
                                                                                     String after, Integer first,
                                                                                     Class<T> node) {
        int size = sizes.pageSize(first);
        RecordFilter f = filter == null ? RecordFilter.any(type) : filter;
        if (status != null) {
            if (f.status() != null && f.status() != status) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED,
                        "status and filter.status differ; pass only filter.status");
            }
            f = f.withStatus(status);
        }
        checkText(f);
        RecordFilter asked = f;
        return reader.page(asked, after, size).thenApply(page -> RecordConnection.of(
                page.records().stream().map(MasterRecordNode::of).map(node::cast).toList(), page.hasNextPage(), asked));
    }

    private CompletableFuture<Integer> totalCount(RecordConnection<?> page) {
        return reader.count(page.filter()).thenApply(Long::intValue);
    }

    private static void checkText(RecordFilter filter) {
        String text = filter instanceof SupplierFilter s ? s.text()
                : filter instanceof ItemFilter i ? i.text()
                : filter instanceof LocationFilter l ? l.text() : null;
        if (text != null && text.strip().length() > RecordFilter.MAX_TEXT_LENGTH) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "filter.text has at most " + RecordFilter.MAX_TEXT_LENGTH + " characters");
        }
    }
}
