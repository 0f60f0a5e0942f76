package io.mdg.command.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.consumer.ChangeConsumerCommand;
import io.mdg.api.consumer.ConsumerChangedEvent;
import io.mdg.api.consumer.ConsumerCommand;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerRegisteredEvent;
import io.mdg.api.consumer.ConsumerRegistration;
import io.mdg.api.consumer.ConsumerSecretRotatedEvent;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.consumer.RegisterConsumerCommand;
import io.mdg.api.consumer.RotateConsumerSecretCommand;
import io.mdg.api.consumer.WebhookSecret;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.routing.PayloadTargetResolver;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.rules.consumer.EndpointPolicy;
import io.mdg.rules.file.RulesFile;

/** The consumer registration decides on its own settings; the set-based part (names, clients) is in PostgreSQL. */
class ConsumerTest {

    private static final Actor ADA = Actor.user("ada.admin");
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final ConsumerSubscription ITEMS = new ConsumerSubscription(Set.of(EntityType.ITEM), Map.of(),
            null, Set.of());
    private static final ConsumerSettings PULL = new ConsumerSettings("Analytics", "analytics", ITEMS,
            ConsumerDelivery.PULL, null, null);
    private static final ConsumerSettings PUSH = new ConsumerSettings("Analytics", "analytics", ITEMS,
            ConsumerDelivery.PUSH, "https://analytics.example/hooks", Duration.ofSeconds(60));

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();
    private static DataSource dataSource;
    private AggregateTestFixture<Consumer> fixture;

    @BeforeAll
    static void useItsDataSource() {
        dataSource = postgres.dataSource();
    }

    @BeforeEach
    void setUp() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP TABLE IF EXISTS " + ConsumerClaims.TABLE);
        ConsumerClaims claims = new ConsumerClaims(jdbc);
        claims.createSchema();
        fixture = new AggregateTestFixture<>(Consumer.class);
        fixture.registerCommandTargetResolver(new PayloadTargetResolver<>(ConsumerCommand.class,
                ConsumerCommand::consumerId));
        // analytics.example resolves to a public address here, without DNS
        EndpointPolicy endpoints = EndpointPolicy.production(host -> new java.net.InetAddress[] {
                java.net.InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14})});
        fixture.registerInjectableResource(new ConsumerChecks(RulesFile.loadDefault().policy(), claims, endpoints));
    }

    private static boolean secret(WebhookSecret secret) {
        return secret != null && secret.value().startsWith(WebhookSecret.PREFIX)
                && java.util.Base64.getDecoder().decode(secret.value().substring(WebhookSecret.PREFIX.length()))
                .length == 32;
    }

    @Test
    void a_pull_consumer_is_registered_without_a_secret() {
        fixture.givenNoPriorActivity()
                .when(new RegisterConsumerCommand("c-1", PULL, ADA))
                .expectEvents(new ConsumerRegisteredEvent("c-1", PULL, null, ADA))
                .expectResultMessagePayload(new ConsumerRegistration("c-1", null));
    }

    @Test
    void a_push_consumer_gets_a_new_secret_in_its_event_and_in_the_answer() {
        fixture.givenNoPriorActivity()
                .when(new RegisterConsumerCommand("c-1", PUSH, ADA))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(event ->
                        event instanceof ConsumerRegisteredEvent registered && registered.settings().equals(PUSH)
                                && secret(registered.webhookSecret())), andNoMore())))
                .expectResultMessagePayloadMatching(matches(answer ->
                        answer instanceof ConsumerRegistration registration && secret(registration.webhookSecret())));
    }

    @Test
    void invalid_settings_are_refused_with_every_problem_and_record_nothing() {
        ConsumerSettings bad = new ConsumerSettings("", "erp", new ConsumerSubscription(Set.of(), Map.of(), null,
                Set.of()), ConsumerDelivery.PUSH, "http://erp.example/hooks", null);
        fixture.givenNoPriorActivity()
                .when(new RegisterConsumerCommand("c-1", bad, ADA))
                .expectException(CommandRefusedException.class)
                .expectExceptionDetails(matches(details -> details instanceof MdgErrorDetails d
                        && d.code() == ErrorCode.VALIDATION_FAILED
                        && d.fieldErrors().stream().map(e -> e.field()).toList()
                        .equals(java.util.List.of("name", "subscription.types", "endpoint"))))
                .expectNoEvents();
    }

    @Test
    void a_client_or_name_of_another_consumer_is_a_conflict() {
        fixture.givenNoPriorActivity().when(new RegisterConsumerCommand("c-1", PULL, ADA)).expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(new RegisterConsumerCommand("c-2", new ConsumerSettings("Other", "analytics", ITEMS,
                        ConsumerDelivery.PULL, null, null), ADA))
                .expectException(CommandRefusedException.class)
                .expectExceptionDetails(matches(details -> details instanceof MdgErrorDetails d
                        && d.code() == ErrorCode.CONFLICT && d.message().contains("CONSUMER_CLIENT_TAKEN")));
        fixture.givenNoPriorActivity()
                .when(new RegisterConsumerCommand("c-3", new ConsumerSettings("ANALYTICS", "bi", ITEMS,
                        ConsumerDelivery.PULL, null, null), ADA))
                .expectExceptionDetails(matches(details -> details instanceof MdgErrorDetails d
                        && d.code() == ErrorCode.CONFLICT && d.message().contains("CONSUMER_NAME_TAKEN")));
    }

    @Test
    void a_consumer_that_starts_being_pushed_to_gets_a_secret_and_an_unchanged_one_records_nothing() {
        fixture.given(new ConsumerRegisteredEvent("c-1", PULL, null, ADA))
                .when(new ChangeConsumerCommand("c-1", PUSH, ADA))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(event ->
                        event instanceof ConsumerChangedEvent changed && changed.before().equals(PULL)
                                && changed.settings().equals(PUSH) && secret(changed.webhookSecret())), andNoMore())));
        fixture.given(new ConsumerRegisteredEvent("c-1", PULL, null, ADA))
                .when(new ChangeConsumerCommand("c-1", PULL, ADA))
                .expectNoEvents()
                .expectResultMessagePayload(new ConsumerRegistration("c-1", null));
    }

    @Test
    void a_rotation_keeps_the_previous_secret_signing_for_the_overlap_and_a_pull_consumer_has_none() {
        fixture.givenCurrentTime(NOW)
                .andGiven(new ConsumerRegisteredEvent("c-1", PUSH, WebhookSecret.generate(), ADA))
                .when(new RotateConsumerSecretCommand("c-1", Duration.ofHours(2), ADA))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(event ->
                        event instanceof ConsumerSecretRotatedEvent rotated && secret(rotated.webhookSecret())
                                && rotated.previousUntil().equals(NOW.plus(Duration.ofHours(2)))), andNoMore())));
        fixture.given(new ConsumerRegisteredEvent("c-1", PULL, null, ADA))
                .when(new RotateConsumerSecretCommand("c-1", null, ADA))
                .expectExceptionDetails(matches(details -> details instanceof MdgErrorDetails d
                        && d.code() == ErrorCode.CONFLICT));
    }

    @Test
    void a_secret_never_shows_in_its_string_form() {
        assertThat(WebhookSecret.generate().toString()).isEqualTo("whsec_***");
    }
}
