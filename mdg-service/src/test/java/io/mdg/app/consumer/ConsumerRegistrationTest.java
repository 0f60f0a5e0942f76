package io.mdg.app.consumer;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.consumer.ChangeConsumerCommand;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerRegistration;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.consumer.ConsumerView;
import io.mdg.api.consumer.FindConsumerQuery;
import io.mdg.api.consumer.ListConsumersQuery;
import io.mdg.api.consumer.RegisterConsumerCommand;
import io.mdg.api.consumer.RotateConsumerSecretCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.app.ServiceHarness;
import io.mdg.query.consumer.ConsumerRegistry;
import io.mdg.query.consumer.StoredConsumer;

/**
 * Consumers through the whole service: registered, changed and rotated by an admin, every change in the audit trail,
 * the signing secrets encrypted in the event store and in the registry's table, and a restart serving them as
 * before.
 */
class ConsumerRegistrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Actor ADA = Actor.user("ada.admin");
    private static final ConsumerSettings ERP = new ConsumerSettings("ERP purchasing", "erp",
            new ConsumerSubscription(Set.of(EntityType.SUPPLIER, EntityType.ITEM),
                    Map.of(EntityType.SUPPLIER, Set.of("legal-identity", "ordering")), null, Set.of()),
            ConsumerDelivery.PUSH, "https://127.0.0.1:8443/mdg/hooks", Duration.ofMinutes(5));
    /** A receiver on this machine: only the permissive endpoint policy (tests, the local demo) accepts it. */
    private static final Map<String, Object> PERMISSIVE = Map.of("mdg.consumers.allow-insecure-endpoints", "true");

    @TempDir
    Path dataDir;

    @Test
    void an_admin_registers_changes_and_rotates_a_consumer_and_every_step_is_audited_with_secrets_kept_encrypted()
            throws Exception {
        String first;
        String second;
        try (ServiceHarness service = ServiceHarness.start(dataDir, PERMISSIVE)) {
            CommandGateway commands = service.bean(CommandGateway.class);
            ConsumerRegistration registered = commands.sendAndWait(new RegisterConsumerCommand("c-erp", ERP, ADA));
            first = registered.webhookSecret().value();
            ConsumerView view = consumer(service, v -> v.isPresent()).orElseThrow();
            assertThat(view.settings()).isEqualTo(ERP);
            assertThat(view.secretIssuedAt()).isNotNull();

            ConsumerSettings narrowed = new ConsumerSettings(ERP.name(), ERP.clientId(),
                    new ConsumerSubscription(Set.of(EntityType.SUPPLIER), Map.of(), null, Set.of()), ERP.delivery(),
                    ERP.endpoint(), ERP.lagSla());
            assertThat(commands.<ConsumerRegistration>sendAndWait(new ChangeConsumerCommand("c-erp", narrowed, ADA))
                    .webhookSecret()).as("it had a secret already").isNull();
            second = commands.<ConsumerRegistration>sendAndWait(new RotateConsumerSecretCommand("c-erp", null, ADA))
                    .webhookSecret().value();
            assertThat(second).isNotEqualTo(first);
            StoredConsumer stored = eventually(() -> service.bean(ConsumerRegistry.class).load("c-erp"),
                    s -> s.isPresent() && s.get().previousSecret() != null, WAIT).orElseThrow();
            assertThat(stored.secret().value()).isEqualTo(second);
            assertThat(stored.previousSecret().value()).isEqualTo(first);
            assertThat(stored.view().settings()).isEqualTo(narrowed);

            List<AuditEntry> trail = eventually(() -> trail(service), t -> t.size() == 3, WAIT);
            assertThat(trail).extracting(AuditEntry::action).containsExactly(AuditAction.CONSUMER_REGISTERED,
                    AuditAction.CONSUMER_CHANGED, AuditAction.CONSUMER_SECRET_ROTATED);
            assertThat(trail).allSatisfy(entry -> assertThat(entry.actor()).isEqualTo(ADA));
            assertThat(trail.get(0).changes()).singleElement().satisfies(change -> assertThat(change.after())
                    .contains("\"name\":\"ERP purchasing\"", "\"lagSla\":\"PT5M\"", "legal-identity"));
            assertThat(trail.get(1).changes()).singleElement().satisfies(change -> {
                assertThat(change.before()).contains("ITEM");
                assertThat(change.after()).doesNotContain("ITEM");
            });

            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            String events = String.join(" ", jdbc.queryForList("SELECT payload FROM DomainEventEntry", byte[].class)
                    .stream().map(p -> new String(p, StandardCharsets.UTF_8)).toList());
            String tables = String.join(" ", jdbc.queryForList("SELECT consumer FROM mdg_consumer", byte[].class)
                    .stream().map(p -> new String(p, StandardCharsets.ISO_8859_1)).toList());
            assertThat(events).contains("ERP purchasing", "enc:v1:").doesNotContain(first, second,
                    first.substring("whsec_".length()));
            assertThat(tables).doesNotContain(first, second, "ERP purchasing");
            assertThat(String.join(" ", trail.stream().map(AuditEntry::toString).toList())).doesNotContain(first,
                    second);

            // another consumer may not take its client
            assertThatThrownBy(() -> commands.sendAndWait(new RegisterConsumerCommand("c-other",
                    new ConsumerSettings("Other", "erp", ERP.subscription(), ConsumerDelivery.PULL, null, null), ADA)))
                    .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                            .get().isInstanceOfSatisfying(MdgErrorDetails.class,
                                    d -> assertThat(d.code()).isEqualTo(ErrorCode.CONFLICT)));
        }

        // a restart serves the same consumer and secrets, read back from the encrypted events; in production a
        // loopback endpoint is refused
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            assertThatThrownBy(() -> service.bean(CommandGateway.class).sendAndWait(new RegisterConsumerCommand(
                    "c-local", new ConsumerSettings("Local", "local", ERP.subscription(), ConsumerDelivery.PUSH,
                    "https://127.0.0.1:8443/h", null), ADA)))
                    .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                            .get().isInstanceOfSatisfying(MdgErrorDetails.class, d -> {
                                assertThat(d.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                                assertThat(d.message()).contains("loopback");
                            }));
            StoredConsumer stored = eventually(() -> service.bean(ConsumerRegistry.class).load("c-erp"),
                    Optional::isPresent, WAIT).orElseThrow();
            assertThat(stored.secret().value()).isEqualTo(second);
            assertThat(service.bean(QueryGateway.class).query(new ListConsumersQuery(),
                    ResponseTypes.multipleInstancesOf(ConsumerView.class)).get())
                    .extracting(ConsumerView::consumerId).containsExactly("c-erp");
        }
    }

    private static Optional<ConsumerView> consumer(ServiceHarness service,
                                                   java.util.function.Predicate<Optional<ConsumerView>> until) {
        return eventually(() -> service.bean(QueryGateway.class).query(new FindConsumerQuery("c-erp"),
                ResponseTypes.optionalInstanceOf(ConsumerView.class)).get(), until, WAIT);
    }

    private static List<AuditEntry> trail(ServiceHarness service) throws Exception {
        AuditPage page = service.bean(QueryGateway.class).query(new AuditTrailQuery(AuditFilter.ofRecord("c-erp"),
                null, 100), ResponseTypes.instanceOf(AuditPage.class)).get();
        return page.edges().stream().map(e -> e.node()).toList();
    }
}
