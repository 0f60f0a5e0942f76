package io.mdg.graphql.quality;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

import io.mdg.api.quality.DataQualityQuery;
import io.mdg.api.quality.DataQualityReport;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;

/**
 * The data-quality report: an adapter to {@link DataQualityQuery}. The report's records map to the schema's types
 * field by field ({@code quality.graphqls}).
 */
@Controller
@Profile("edge")
public class DataQualityController {

    private final QueryGateway queryGateway;
    private final Duration timeout;

    public DataQualityController(QueryGateway queryGateway, EdgeSettings settings) {
        this.queryGateway = queryGateway;
        this.timeout = settings.timeout();
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<DataQualityReport> dataQuality() {
        return queryGateway.query(new DataQualityQuery(), ResponseTypes.instanceOf(DataQualityReport.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
