package io.mdg.graphql.quality;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.ItemClass;
import io.mdg.api.quality.AttributeGap;
import io.mdg.api.quality.ClassCompleteness;
import io.mdg.api.quality.DataQualityQuery;
import io.mdg.api.quality.DataQualityReport;
import io.mdg.api.quality.IdentifierValidity;
import io.mdg.api.quality.ItemCompleteness;
import io.mdg.api.quality.LocationMapping;
import io.mdg.api.quality.PendingApprovals;
import io.mdg.api.quality.PendingApprovals.AgeBucket;
import io.mdg.api.quality.SupplierDuplication;
import io.mdg.graphql.EdgeTest;

class DataQualityGraphQlTest extends EdgeTest {

    private static final String QUERY = """
            { dataQuality {
                computedAt
                itemCompleteness { records complete ratio
                  byClass { itemClass requiredAttributes records complete ratio mostMissing { attribute missing } } }
                supplierDuplication { suppliers minScore candidatePairs suppliersInPairs rate complete }
                locationMapping { sourceLocations mapped ratio bySystem { system sourceLocations mapped ratio } }
                identifierValidity { kind checked valid ratio invalidRecordIds }
                pendingApprovals { total oldest byAge { age count } byDomain { domain count } }
            } }""";

    private static final DataQualityReport REPORT = new DataQualityReport(Instant.parse("2026-03-10T12:00:00Z"),
            new ItemCompleteness(4, 2, 0.5, List.of(
                    new ClassCompleteness(ItemClass.IMPLANT, List.of("udiDi", "mriSafety"), 3, 1, 1.0 / 3,
                            List.of(new AttributeGap("mriSafety", 2))),
                    new ClassCompleteness(null, List.of("itemClass"), 1, 1, 1.0, List.of()))),
            new SupplierDuplication(10, 0.8, 2, 3, 0.3, true),
            new LocationMapping(5, 4, 0.8, List.of(new LocationMapping.SystemMapping(SourceSystem.INVENTORY, 5, 4, 0.8))),
            List.of(new IdentifierValidity("GTIN", 100, 99, 0.99, List.of("i-7"))),
            new PendingApprovals(3, Instant.parse("2026-03-01T08:00:00Z"),
                    List.of(new PendingApprovals.AgeBucketCount(AgeBucket.LESS_THAN_1_DAY, 1),
                            new PendingApprovals.AgeBucketCount(AgeBucket.MORE_THAN_5_DAYS, 2)),
                    List.of(new PendingApprovals.DomainCount(EntityType.SUPPLIER, 3))));

    @Test
    void a_reader_gets_the_whole_report() throws Exception {
        when(queryGateway.query(eq(new DataQualityQuery()), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(REPORT));
        graphql(QUERY, Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.dataQuality.computedAt").value("2026-03-10T12:00:00Z"))
                .andExpect(jsonPath("$.data.dataQuality.itemCompleteness.ratio").value(0.5))
                .andExpect(jsonPath("$.data.dataQuality.itemCompleteness.byClass[0].itemClass").value("IMPLANT"))
                .andExpect(jsonPath("$.data.dataQuality.itemCompleteness.byClass[0].mostMissing[0].attribute")
                        .value("mriSafety"))
                .andExpect(jsonPath("$.data.dataQuality.itemCompleteness.byClass[1].itemClass").doesNotExist())
                .andExpect(jsonPath("$.data.dataQuality.supplierDuplication.candidatePairs").value(2))
                .andExpect(jsonPath("$.data.dataQuality.supplierDuplication.complete").value(true))
                .andExpect(jsonPath("$.data.dataQuality.locationMapping.bySystem[0].system").value("INVENTORY"))
                .andExpect(jsonPath("$.data.dataQuality.identifierValidity[0].invalidRecordIds[0]").value("i-7"))
                .andExpect(jsonPath("$.data.dataQuality.pendingApprovals.byAge[1].age").value("MORE_THAN_5_DAYS"))
                .andExpect(jsonPath("$.data.dataQuality.pendingApprovals.byDomain[0].domain").value("SUPPLIER"))
                .andExpect(jsonPath("$.data.dataQuality.pendingApprovals.oldest").value("2026-03-01T08:00:00Z"));
    }

    @Test
    void a_source_client_may_not_read_it() throws Exception {
        graphql("{ dataQuality { computedAt } }", Map.of(), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        verifyNoInteractions(queryGateway);
    }
}
