package io.mdg.graphql.audit;

import java.util.concurrent.CompletableFuture;

import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.record.ContractNode;
import io.mdg.graphql.record.ItemNode;
import io.mdg.graphql.record.LocationNode;
import io.mdg.graphql.record.SupplierNode;
import io.mdg.graphql.paging.Connection;
import io.mdg.graphql.security.Access;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.security.SensitiveReads;

/**
 * The audit trail over GraphQL (schema {@code audit.graphqls}): {@code auditTrail} for auditors, admins and stewards
 * (who need a record's history to decide), {@code history} on every golden record for everyone who may read it.
 * Source clients never read the trail. Entries are masked per caller ({@link AuditMasking}).
 *
 * <p>{@code history} is one query per record: it is meant for a record's detail view, not for lists.
 */
@Controller
@Profile("edge")
public class AuditController {

    /** SpEL for {@code @PreAuthorize}: who may read the whole audit trail: auditors, admins and stewards. */
    static final String TRAIL_READERS = "hasAnyRole('" + Roles.AUDITOR + "','" + Roles.ADMIN + "') or "
            + Roles.STEWARDS;

    private final AuditReader reader;
    private final Access access;
    private final RequestSizes sizes;

    private final SensitiveReads sensitiveReads;

    public AuditController(AuditReader reader, Access access, RequestSizes sizes,
                           SensitiveReads sensitiveReads) {
        this.sensitiveReads = sensitiveReads;
        this.reader = reader;
        this.access = access;
        this.sizes = sizes;
    }

    @QueryMapping
    @PreAuthorize(TRAIL_READERS)
    public CompletableFuture<Connection<AuditEntry>> auditTrail(@Argument AuditFilter filter, @Argument Integer first,
                                                         @Argument String after, Authentication authentication) {
        return page(filter == null ? AuditFilter.all() : filter, first, after, authentication);
    }

    @SchemaMapping(typeName = "Supplier", field = "history")
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<Connection<AuditEntry>> supplierHistory(SupplierNode record, @Argument Integer first,
                                                              @Argument String after, Authentication authentication) {
        return page(AuditFilter.ofRecord(record.id()), first, after, authentication);
    }

    @SchemaMapping(typeName = "Item", field = "history")
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<Connection<AuditEntry>> itemHistory(ItemNode record, @Argument Integer first,
                                                          @Argument String after, Authentication authentication) {
        return page(AuditFilter.ofRecord(record.id()), first, after, authentication);
    }

    @SchemaMapping(typeName = "Contract", field = "history")
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<Connection<AuditEntry>> contractHistory(ContractNode record, @Argument Integer first,
                                                              @Argument String after, Authentication authentication) {
        return page(AuditFilter.ofRecord(record.id()), first, after, authentication);
    }

    @SchemaMapping(typeName = "Location", field = "history")
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<Connection<AuditEntry>> locationHistory(LocationNode record, @Argument Integer first,
                                                              @Argument String after, Authentication authentication) {
        return page(AuditFilter.ofRecord(record.id()), first, after, authentication);
    }

    private CompletableFuture<Connection<AuditEntry>> page(AuditFilter filter, Integer first, String after,
                                                    Authentication authentication) {
        int size = sizes.pageSize(first);
        AuditMasking masking = AuditMasking.of(authentication, access, sensitiveReads);
        return reader.page(filter, after, size).thenApply(page -> new Connection<>(page.edges().stream()
                .map(edge -> new Connection.Edge<>(edge.cursor(), masking.apply(edge.node()))).toList(),
                new Connection.PageInfo(page.hasNextPage(), page.endCursor())));
    }
}
