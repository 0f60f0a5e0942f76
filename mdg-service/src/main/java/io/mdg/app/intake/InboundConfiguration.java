package io.mdg.app.intake;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mdg.app.crypto.FieldEncryption;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.submission.Submissions;

/**
 * Inbound webhooks (README "Inbound webhooks"): the registered sources, checked at start-up; the queue table, its
 * payloads sealed with the event key ring ({@code MDG_EVENT_KEYS}); the worker on each node running the edge; and the
 * queue's gauges: {@code mdg_inbound_queue_depth} (entries waiting or being worked), {@code
 * mdg_inbound_queue_oldest_age_seconds} (how long the oldest of them has waited: the SLA's measure) and
 * {@code mdg_inbound_dead_letters}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("edge")
@EnableConfigurationProperties(InboundSettings.class)
public class InboundConfiguration {

    @Bean
    public InboundSources inboundSources(InboundSettings settings, ObjectMapper objectMapper) {
        return InboundSources.from(settings, objectMapper);
    }

    /** Sealed with the event key ring itself: a raw payload is purged, never crypto-shredded per person. */
    @Bean
    public InboundQueue inboundQueue(DataSource dataSource, FieldEncryption eventFieldEncryption,
                                     ObjectMapper objectMapper) {
        return new InboundQueue(dataSource, eventFieldEncryption, objectMapper);
    }

    /** The path of the GraphQL submissions, as the source's client, under the entry's correlation id. */
    @Bean
    public InboundSubmitter inboundSubmitter(Submissions submissions, InboundSettings settings) {
        long timeout = settings.worker().timeout().toMillis();
        return (source, correlationId, input) -> {
            Caller caller = new Caller(source.actor(), Optional.of(source.system()), Set.of(Roles.SOURCE_SYSTEM));
            return Correlation.with(correlationId, () -> submissions.submit(caller, input))
                    .get(timeout, TimeUnit.MILLISECONDS);
        };
    }

    @Bean(destroyMethod = "close")
    public InboundWorker inboundWorker(InboundQueue queue, InboundSources sources, InboundSubmitter submitter,
                                       InboundSettings settings, ObjectMapper objectMapper, MeterRegistry meters) {
        InboundWorker worker = new InboundWorker(queue, sources, submitter, settings, objectMapper,
                Clock.systemUTC());
        Gauge.builder("mdg.inbound.queue.depth", queue, InboundQueue::depth)
                .description("Inbound webhooks queued or being worked").register(meters);
        Gauge.builder("mdg.inbound.queue.oldest.age", queue, q -> q.oldestAge(Clock.systemUTC().instant())
                        .toMillis() / 1000.0)
                .baseUnit("seconds").description("How long the oldest queued inbound webhook has waited")
                .register(meters);
        Gauge.builder("mdg.inbound.dead.letters", queue, InboundQueue::deadLetterCount)
                .description("Inbound webhooks that could not be processed, waiting for a replay").register(meters);
        return worker;
    }

    /** The worker starts once the service is ready (Axon's buses and processors started). */
    @EventListener(ApplicationReadyEvent.class)
    public void startInboundWorker(ApplicationReadyEvent event) {
        event.getApplicationContext().getBean(InboundWorker.class).start();
    }
}
