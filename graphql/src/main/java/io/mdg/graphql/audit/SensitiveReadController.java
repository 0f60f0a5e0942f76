package io.mdg.graphql.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.audit.SensitiveRead;
import io.mdg.api.audit.SensitiveReadsQuery;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.paging.Connection;
import io.mdg.graphql.security.Roles;

/**
 * The log of sensitive reads (who was shown a bank account in full: {@code io.mdg.graphql.security.SensitiveReads})
 * for auditors and admins: {@code sensitiveReads}, newest first.
 */
@Controller
@Profile("edge")
public class SensitiveReadController {

    static final String READERS = "hasAnyRole('" + Roles.AUDITOR + "','" + Roles.ADMIN + "')";

    /** The GraphQL type {@code SensitiveRead}. */
    public record Node(long id, OffsetDateTime at, Actor reader, EntityType recordType, String recordId, String field,
                       String correlationId) {
    }

    private final QueryGateway queries;
    private final RequestSizes sizes;

    public SensitiveReadController(QueryGateway queries, RequestSizes sizes) {
        this.queries = queries;
        this.sizes = sizes;
    }

    @QueryMapping
    @PreAuthorize(READERS)
    public CompletableFuture<Connection<Node>> sensitiveReads(@Argument String recordId, @Argument String reader,
                                                        @Argument OffsetDateTime from, @Argument OffsetDateTime to,
                                                        @Argument Integer first, @Argument String after) {
        int size = sizes.pageSize(first);
        SensitiveReadsQuery query = new SensitiveReadsQuery(recordId, reader, from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(), after == null ? null : cursor(after), size + 1);
        return queries.query(query, ResponseTypes.multipleInstancesOf(SensitiveRead.class)).thenApply(found ->
                Connection.firstOf(found.stream().map(read -> new Node(read.id(), read.at().atOffset(ZoneOffset.UTC),
                        read.reader(), read.recordType(), read.recordId(), read.field(), read.correlationId()))
                        .toList(), size, node -> String.valueOf(node.id())));
    }

    private static Long cursor(String after) {
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "after: not a cursor of this list: " + after);
        }
    }
}
