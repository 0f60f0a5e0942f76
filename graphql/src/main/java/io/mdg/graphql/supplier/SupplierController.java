package io.mdg.graphql.supplier;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.api.supplier.FindSupplierQuery;
import io.mdg.api.supplier.SubmitSupplierCommand;
import io.mdg.api.supplier.SupplierAttributes;
import io.mdg.api.supplier.SupplierView;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;

/** Supplier operations: an adapter from GraphQL to commands and queries. */
@Controller
@Profile("edge")
public class SupplierController {

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final Duration timeout;

    public SupplierController(CommandGateway commandGateway, QueryGateway queryGateway,
                              @Value("${mdg.edge.timeout:10s}") Duration timeout) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.timeout = timeout;
    }

    @MutationMapping
    @PreAuthorize(Roles.SOURCE_CLIENT)
    public CompletableFuture<SubmissionResult> submitSupplier(@Argument SupplierSubmissionInput input,
                                                              Authentication authentication) {
        Caller caller = Caller.from(authentication);
        SourceSystem system = caller.requireSourceSystem();
        List<FieldError> errors = SourceIdRules.check(input.sourceId(), input.sourceVersion());
        if (!errors.isEmpty()) {
            return CompletableFuture.completedFuture(SubmissionResult.rejected(null, errors));
        }
        SubmitSupplierCommand command = new SubmitSupplierCommand(
                new SourceRef(system, input.sourceId(), input.sourceVersion()),
                new SupplierAttributes(input.legalName(), input.taxId(), input.duns(), input.gln()),
                caller.actor());
        return commandGateway.<SubmissionResult>send(command).orTimeout(timeout.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<SupplierView> supplier(@Argument String id) {
        return findSupplier(id);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS + " or " + Roles.SOURCE_CLIENT)
    public CompletableFuture<Object> recordBySource(@Argument SourceSystem system, @Argument String sourceId,
                                                    @Argument EntityType type, Authentication authentication) {
        Caller caller = Caller.from(authentication);
        if (!caller.hasAnyRole(Roles.READER_ROLES) && caller.sourceSystem().filter(s -> s == system).isEmpty()) {
            throw new AccessDeniedException("a source client may only resolve its own system's records");
        }
        return queryGateway.query(new FindRecordBySourceQuery(system, sourceId, type),
                        ResponseTypes.multipleInstancesOf(RecordRef.class))
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenCompose(refs -> {
                    if (refs.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    if (refs.size() > 1) {
                        throw new ApiException(ErrorCode.BAD_REQUEST,
                                "source id " + sourceId + " of " + system + " maps to records of several types; pass type");
                    }
                    RecordRef ref = refs.get(0);
                    return switch (ref.type()) {
                        case SUPPLIER -> findSupplier(ref.goldenId()).thenApply(s -> (Object) s);
                        default -> CompletableFuture.completedFuture(null);
                    };
                });
    }

    private CompletableFuture<SupplierView> findSupplier(String id) {
        return queryGateway.query(new FindSupplierQuery(id), ResponseTypes.optionalInstanceOf(SupplierView.class))
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(found -> found.orElse(null));
    }
}
