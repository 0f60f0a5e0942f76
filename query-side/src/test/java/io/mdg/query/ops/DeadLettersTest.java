package io.mdg.query.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.support.JdbcTransactionManager;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.EntityType;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.ops.DeadLetterActionResult;
import io.mdg.api.ops.DeadLetterGroupView;
import io.mdg.api.ops.DeadLetterView;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.support.Events;
import io.mdg.query.support.TestCipher;

/**
 * The projections' dead letters in PostgreSQL, as the service configures them ({@link DeadLetterConfiguration}): a
 * failing event parked with the later events of its record behind it while other records flow, listed, retried
 * (failing again it stays parked, counted), let through once fixed, evicted; the payload stored as the event
 * serializer writes it (bank account numbers encrypted).
 */
class DeadLettersTest {

    private static final BankAccount ACCOUNT = new BankAccount("Acme", "First Bank", "021000021", "9876543210", null,
            "USD");

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    private Configuration axon;
    private DeadLetters deadLetters;
    private final Failing projection = new Failing();

    /** A golden-records projection that fails on the records it is told to. */
    @ProcessingGroup(GoldenRecordsProcessing.GROUP)
    static final class Failing {
        final Set<String> failing = ConcurrentHashMap.newKeySet();
        final List<String> handled = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(RecordChangedEvent event) {
            if (failing.contains(event.recordId())) {
                throw new IllegalStateException("cannot project " + event.recordId());
            }
            handled.add(event.recordId() + ":" + ((SupplierAttributes) event.values()).legalName());
        }
    }

    @BeforeEach
    void start() {
        postgres.dropTables(List.of(DeadLetterConfiguration.TABLE));
        var configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEventSerializer(c -> encryptingSerializer())
                .configureTransactionManager(c -> new SpringTransactionManager(
                        new JdbcTransactionManager(postgres.dataSource())));
        configurer.eventProcessing(ep -> ep
                .registerTokenStore(GoldenRecordsProcessing.GROUP, c -> new InMemoryTokenStore())
                .registerPooledStreamingEventProcessor(GoldenRecordsProcessing.GROUP)
                .registerEventHandler(c -> projection));
        new DeadLetterConfiguration().projectionDeadLetterQueues(postgres.dataSource(), 1024, 1024, 1)
                .configureModule(configurer);
        axon = configurer.buildConfiguration();
        axon.start();
        deadLetters = new DeadLetters(axon.eventProcessingConfiguration());
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    private void publish(String recordId, long sequence, String legalName) {
        axon.eventBus().publish(new GenericDomainEventMessage<>("GoldenRecord", recordId, sequence,
                new RecordChangedEvent(recordId, EntityType.SUPPLIER, Events.erp("V-" + recordId, sequence),
                        List.of("legalName", "bankAccount"), new SupplierAttributes(legalName, null, null, null, null,
                        null, null, ACCOUNT, null, null), null, Events.ERP_CLIENT, null)));
    }

    @Test
    void a_failing_record_is_parked_with_its_later_events_while_others_flow_and_comes_through_once_fixed() {
        projection.failing.add("s-2");
        publish("s-1", 0, "one");
        publish("s-2", 0, "two");
        publish("s-2", 1, "two again");
        publish("s-3", 0, "three");

        eventually(() -> deadLetters.size(GoldenRecordsProcessing.GROUP) == 2 && projection.handled.size() == 2);
        assertThat(projection.handled).containsExactlyInAnyOrder("s-1:one", "s-3:three");
        DeadLetterGroupView group = deadLetters.find(GoldenRecordsProcessing.GROUP, 10).get(0);
        assertThat(group.sequences()).isEqualTo(1);
        assertThat(group.deadLetters()).extracting(DeadLetterView::sequenceIdentifier, DeadLetterView::index)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s-2", 1L),
                        org.assertj.core.groups.Tuple.tuple("s-2", 2L));
        assertThat(group.deadLetters().get(0).causeMessage()).isEqualTo("cannot project s-2");
        assertThat(group.deadLetters().get(0).eventType()).isEqualTo("RecordChangedEvent");

        String stored = String.join("\n", postgres.jdbc().queryForList("SELECT convert_from(payload, 'UTF8') FROM "
                + DeadLetterConfiguration.TABLE, String.class));
        assertThat(stored).contains("First Bank").doesNotContain("9876543210", "021000021");

        DeadLetterActionResult failedAgain = deadLetters.retry(GoldenRecordsProcessing.GROUP, "s-2");
        assertThat(failedAgain.succeeded()).isZero();
        assertThat(failedAgain.remaining()).isEqualTo(2);
        assertThat(deadLetters.find(GoldenRecordsProcessing.GROUP, 10).get(0).deadLetters().get(0).retries())
                .isEqualTo(1);

        projection.failing.clear();
        DeadLetterActionResult retried = deadLetters.retry(GoldenRecordsProcessing.GROUP, null);
        assertThat(retried.attempted()).isEqualTo(1);
        assertThat(retried.succeeded()).isEqualTo(1);
        assertThat(retried.remaining()).isZero();
        assertThat(projection.handled).containsSubsequence("s-2:two", "s-2:two again");
    }

    @Test
    void an_operator_evicts_one_letter_or_a_whole_sequence() {
        projection.failing.add("s-2");
        publish("s-2", 0, "two");
        publish("s-2", 1, "two again");
        eventually(() -> deadLetters.size(GoldenRecordsProcessing.GROUP) == 2);

        long second = deadLetters.find(GoldenRecordsProcessing.GROUP, 10).get(0).deadLetters().get(1).index();
        DeadLetterActionResult one = deadLetters.evict(GoldenRecordsProcessing.GROUP, "s-2", second);
        assertThat(one.attempted()).isEqualTo(1);
        assertThat(one.remaining()).isEqualTo(1);
        DeadLetterActionResult all = deadLetters.evict(GoldenRecordsProcessing.GROUP, "s-2", null);
        assertThat(all.remaining()).isZero();
        assertThat(projection.handled).isEmpty();
    }

    /** Polls until the condition holds, at most 20 s. */
    private static void eventually(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    /** The event serializer as the service has one: bank account numbers written encrypted, read in clear. */
    private static JacksonSerializer encryptingSerializer() {
        TestCipher cipher = new TestCipher();
        SimpleModule module = new SimpleModule();
        module.addSerializer(BankAccount.class, new JsonSerializer<>() {
            @Override
            public void serialize(BankAccount a, JsonGenerator json, SerializerProvider p) throws IOException {
                json.writeStartObject();
                json.writeStringField("accountHolder", a.accountHolder());
                json.writeStringField("bankName", a.bankName());
                json.writeStringField("routingNumber", seal(cipher, a.routingNumber()));
                json.writeStringField("accountNumber", seal(cipher, a.accountNumber()));
                json.writeStringField("currency", a.currency());
                json.writeEndObject();
            }
        });
        module.addDeserializer(BankAccount.class, new JsonDeserializer<>() {
            @Override
            public BankAccount deserialize(JsonParser parser, DeserializationContext c) throws IOException {
                JsonNode node = parser.readValueAsTree();
                return new BankAccount(node.get("accountHolder").asText(), node.get("bankName").asText(),
                        open(cipher, node.get("routingNumber").asText()),
                        open(cipher, node.get("accountNumber").asText()), null, node.get("currency").asText());
            }
        });
        return JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(module))
                .defaultTyping()
                .build();
    }

    private static String seal(TestCipher cipher, String value) {
        return Base64.getEncoder().encodeToString(cipher.encrypt(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String open(TestCipher cipher, String value) {
        return new String(cipher.decrypt(Base64.getDecoder().decode(value)), StandardCharsets.UTF_8);
    }
}
