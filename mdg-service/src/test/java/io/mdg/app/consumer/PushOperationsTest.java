package io.mdg.app.consumer;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.Status;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.consumer.FindParkedDeliveriesQuery;
import io.mdg.api.consumer.ParkedDeliveryView;
import io.mdg.api.consumer.ParkedReplayResult;
import io.mdg.api.consumer.RegisterConsumerCommand;
import io.mdg.api.consumer.ReplayParkedDeliveriesCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.app.ServiceHarness;
import io.mdg.query.distribution.push.PushHealthIndicator;

/**
 * Push delivery's operator messages through the whole service: handled on the query side, a replay audited with who
 * asked, a replay of an entry that is not parked refused as NOT_FOUND; the {@code consumers} health contributor is
 * there, outside readiness, and its DEGRADED shows in the aggregate with HTTP 200.
 */
class PushOperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Actor ADA = Actor.user("ada.admin");

    @TempDir
    Path dataDir;

    @Test
    void a_replay_of_parked_deliveries_is_audited_and_one_of_an_entry_not_parked_is_not_found() throws Exception {
        try (ServiceHarness service = ServiceHarness.start(dataDir,
                Map.of("mdg.consumers.allow-insecure-endpoints", "true"))) {
            CommandGateway commands = service.bean(CommandGateway.class);
            commands.sendAndWait(new RegisterConsumerCommand("c-erp", new ConsumerSettings("ERP", "erp",
                    new ConsumerSubscription(Set.of(EntityType.SUPPLIER), Map.of(), null, Set.of()),
                    ConsumerDelivery.PUSH, "http://127.0.0.1:9/hooks", Duration.ofMinutes(5)), ADA));

            ParkedReplayResult result = commands.sendAndWait(new ReplayParkedDeliveriesCommand("c-erp", null, ADA));

            assertThat(result).isEqualTo(new ParkedReplayResult("c-erp", 0, 0));
            assertThat(service.bean(QueryGateway.class).query(new FindParkedDeliveriesQuery("c-erp", 10),
                    ResponseTypes.multipleInstancesOf(ParkedDeliveryView.class)).get()).isEmpty();
            assertThatThrownBy(() -> commands.sendAndWait(new ReplayParkedDeliveriesCommand("c-erp", 5L, ADA)))
                    .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails()).get()
                            .isInstanceOfSatisfying(MdgErrorDetails.class,
                                    d -> assertThat(d.code()).isEqualTo(ErrorCode.NOT_FOUND)));
            List<AuditEntry> trail = eventually(() -> trail(service), t -> t.stream()
                    .anyMatch(e -> e.action() == AuditAction.PARKED_DELIVERIES_REPLAYED), WAIT);
            assertThat(trail).filteredOn(e -> e.action() == AuditAction.PARKED_DELIVERIES_REPLAYED).singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.actor()).isEqualTo(ADA);
                        assertThat(entry.comment()).isEqualTo("every parked delivery replayed: 0 queued; 0 parked");
                        assertThat(entry.correlationId()).isNotBlank();
                    });

            HealthEndpoint health = service.bean(HealthEndpoint.class);
            assertThat(health.healthForPath("consumers").getStatus()).isEqualTo(Status.UP);
            assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
            // a lagging consumer shows in the aggregate, still answered 200, and never in readiness
            HealthEndpointGroups groups = service.bean(HealthEndpointGroups.class);
            assertThat(groups.getPrimary().getStatusAggregator().getAggregateStatus(Status.UP,
                    PushHealthIndicator.DEGRADED)).isEqualTo(PushHealthIndicator.DEGRADED);
            assertThat(groups.getPrimary().getStatusAggregator().getAggregateStatus(Status.DOWN,
                    PushHealthIndicator.DEGRADED)).isEqualTo(Status.DOWN);
            assertThat(groups.getPrimary().getHttpCodeStatusMapper().getStatusCode(PushHealthIndicator.DEGRADED))
                    .isEqualTo(200);
            assertThat(groups.get("readiness").isMember("consumers")).isFalse();
            // and DOWN or OUT_OF_SERVICE (readiness) are still 503 beside it
            for (var group : List.of(groups.getPrimary(), groups.get("readiness"), groups.get("liveness"))) {
                assertThat(group.getHttpCodeStatusMapper().getStatusCode(Status.DOWN)).isEqualTo(503);
                assertThat(group.getHttpCodeStatusMapper().getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);
            }
        }
    }

    private static List<AuditEntry> trail(ServiceHarness service) throws Exception {
        AuditPage page = service.bean(QueryGateway.class).query(new AuditTrailQuery(AuditFilter.ofRecord("c-erp"),
                null, 100), ResponseTypes.instanceOf(AuditPage.class)).get();
        return page.edges().stream().map(e -> e.node()).toList();
    }
}
