package io.mdg.graphql.screening;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.quality.DataQualityReport;
import io.mdg.api.screening.ExclusionListImport;
import io.mdg.api.screening.ExclusionListView;
import io.mdg.api.screening.ExclusionListsQuery;
import io.mdg.api.screening.RescreenSuppliersCommand;
import io.mdg.api.screening.ScreeningCoverage;
import io.mdg.api.screening.ScreeningCoverageQuery;
import io.mdg.api.screening.ScreeningHitView;
import io.mdg.api.screening.ScreeningHitsQuery;
import io.mdg.api.screening.SupplierScreeningView;
import io.mdg.api.screening.SupplierScreeningsQuery;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.record.SupplierNode;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;
import reactor.core.publisher.Mono;

/**
 * Exclusion screening through GraphQL: the imported lists and the hits (readers of golden records: stewards,
 * analysts, auditors, admins), each supplier's last screening ({@code Supplier.screening}, one query for a whole
 * list of suppliers), the screening indicator of the data-quality report, and an admin's re-screening of every
 * ACTIVE supplier against a list imported before. (The import itself is {@link ExclusionListImportController}.)
 */
@Controller
@Profile("edge")
public class ScreeningController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Duration timeout;
    private final Duration screeningTimeout;

    public ScreeningController(CommandGateway commands, QueryGateway queries, EdgeSettings settings,
                               @Value("${mdg.screening.import-timeout:10m}") Duration screeningTimeout) {
        this.commands = commands;
        this.queries = queries;
        this.timeout = settings.timeout();
        this.screeningTimeout = screeningTimeout;
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<List<ExclusionListView>> exclusionLists(@Argument Integer limit) {
        return queries.query(new ExclusionListsQuery(limit == null ? 20 : limit),
                        ResponseTypes.multipleInstancesOf(ExclusionListView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<List<ScreeningHitView>> screeningHits(@Argument String supplierId,
                                                                   @Argument Integer limit) {
        return queries.query(new ScreeningHitsQuery(supplierId, limit == null ? 100 : limit),
                        ResponseTypes.multipleInstancesOf(ScreeningHitView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<ExclusionListImport> rescreenSuppliers(@Argument String listId,
                                                                   Authentication authentication) {
        return commands.<ExclusionListImport>send(Correlation.command(new RescreenSuppliersCommand(listId,
                        Caller.from(authentication).actor())))
                .orTimeout(screeningTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last screening of every supplier of the list, in one query. */
    @BatchMapping(typeName = "Supplier", field = "screening")
    public Mono<Map<SupplierNode, SupplierScreeningView>> screening(List<SupplierNode> suppliers) {
        List<String> ids = suppliers.stream().map(SupplierNode::id).distinct().toList();
        return Mono.fromFuture(queries.query(new SupplierScreeningsQuery(ids),
                        ResponseTypes.multipleInstancesOf(SupplierScreeningView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(found -> {
                    Map<String, SupplierScreeningView> byId = new LinkedHashMap<>();
                    found.forEach(view -> byId.put(view.supplierId(), view));
                    Map<SupplierNode, SupplierScreeningView> result = new LinkedHashMap<>();
                    suppliers.forEach(s -> {
                        SupplierScreeningView view = byId.get(s.id());
                        if (view != null) {
                            result.put(s, view);
                        }
                    });
                    return result;
                }));
    }

    /** The screening indicator of the data-quality report (its own query: the report does not scan screenings). */
    @SchemaMapping(typeName = "DataQuality", field = "screening")
    public CompletableFuture<ScreeningCoverage> screening(DataQualityReport report) {
        return queries.query(new ScreeningCoverageQuery(), ResponseTypes.instanceOf(ScreeningCoverage.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
