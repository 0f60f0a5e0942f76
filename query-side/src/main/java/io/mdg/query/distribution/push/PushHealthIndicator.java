package io.mdg.query.distribution.push;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.consumer.DeliveryStatusView;

/**
 * Health {@code consumers}: DEGRADED when a push consumer's delivery lag (how long its oldest entry not yet
 * acknowledged has waited since its change was committed) passes the consumer's SLA ({@code lagSla}), with each
 * consumer's state, backlog, parked entries and lag as details. DEGRADED is not DOWN: the service works, one
 * downstream system is behind. So it is kept out of the readiness group (a consumer's endpoint being down must not
 * take this service out of its load balancer) and mapped to HTTP 200 (application.yml).
 */
@Component("consumers")
@Profile("query")
public class PushHealthIndicator extends AbstractHealthIndicator {

    /** Some consumer is further behind than its SLA allows. */
    public static final Status DEGRADED = new Status("DEGRADED", "a consumer's delivery lags behind its SLA");

    private final PushDeliveries deliveries;

    public PushHealthIndicator(PushDeliveries deliveries) {
        super("push delivery health check failed");
        this.deliveries = deliveries;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Status status = Status.UP;
        for (PushDeliveries.Running running : deliveries.running()) {
            DeliveryStatusView delivery = running.status();
            Duration sla = running.consumer().view().settings().lagSla();
            boolean late = sla != null && delivery.lag().compareTo(sla) > 0;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", running.consumer().view().settings().name());
            details.put("state", delivery.state().name());
            details.put("backlog", delivery.backlog());
            details.put("parked", delivery.parked());
            details.put("lagMillis", delivery.lag().toMillis());
            details.put("lagSlaMillis", sla == null ? null : sla.toMillis());
            details.put("withinSla", !late);
            if (delivery.lastError() != null) {
                details.put("lastError", delivery.lastError());
                details.put("lastErrorAt", String.valueOf(delivery.lastErrorAt()));
            }
            builder.withDetail(delivery.consumerId(), details);
            if (late) {
                status = DEGRADED;
            }
        }
        builder.status(status);
    }
}
