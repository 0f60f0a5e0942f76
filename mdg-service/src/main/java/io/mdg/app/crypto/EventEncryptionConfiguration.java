package io.mdg.app.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;

import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.mdg.api.consumer.WebhookSecret;
import io.mdg.api.model.BankAccount;
import io.mdg.query.crypto.ContactSealing;
import io.mdg.query.crypto.PersonalDataCipher;

/**
 * The event serializer: Axon's Jackson serializer (as the auto-configuration would build it) whose object mapper
 * writes the routing number, account number and IBAN of every bank account encrypted ({@link FieldEncryption}),
 * and decrypts them when events are read; the exclusion-list entries of screening events ({@link ScreeningSealing});
 * and every contact sealed under its person's key ({@link ContactSealing}). Only events (the event store, and what is stored from events such as dead
 * letters) are affected: commands, queries and the read models carry the values as they are, protected by roles.
 *
 * <p>The key ring is {@code mdg.security.event-keys} ({@code MDG_EVENT_KEYS}: {@code id:base64key,...}, the first
 * one encrypts). Without it, the embedded default keeps a generated key in {@code <data dir>/event-keys} (owner-only
 * permissions) next to the event store; a deployment whose event store other processes share (an external
 * PostgreSQL, {@code mdg.postgres.url}, or Axon Server) must set MDG_EVENT_KEYS, the same ring in every process, or
 * start-up stops: a key generated per node could not read the bank accounts the other nodes wrote.
 */
@Configuration(proxyBeanMethods = false)
public class EventEncryptionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventEncryptionConfiguration.class);

    @Bean
    public FieldEncryption eventFieldEncryption(@Value("${mdg.security.event-keys:}") String ring,
                                                @Value("${mdg.data-dir:./data}") String dataDir,
                                                @Value("${axon.axonserver.enabled:false}") boolean axonServer,
                                                @Value("${mdg.postgres.url:}") String externalPostgres)
            throws IOException {
        if (!ring.isBlank()) {
            return FieldEncryption.parse(ring);
        }
        if (axonServer || !externalPostgres.isBlank()) {
            throw new IllegalStateException("MDG_EVENT_KEYS (mdg.security.event-keys) must be set with "
                    + (axonServer ? "Axon Server" : "an external PostgreSQL (MDG_POSTGRES_URL)") + ": every process "
                    + "sharing the event store needs the same key ring to read bank accounts in events; generate one "
                    + "with `openssl rand -base64 32` and set MDG_EVENT_KEYS=k1:<that value> on every node");
        }
        Path file = Path.of(dataDir).resolve("event-keys");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, FieldEncryption.newKey("k" + LocalDate.now().toString().replace("-", "")) + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("Generated the event encryption key in {} (keep it with the event store)", file);
        }
        return FieldEncryption.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer encryptingEventSerializer(ObjectMapper objectMapper, RevisionResolver revisionResolver,
                                      FieldEncryption encryption, PersonalDataCipher people) {
        // contacts sealed under their persons' keys (crypto-shredding, io.mdg.app.personal)
        ObjectMapper mapper = objectMapper.copy().registerModule(bankAccountModule(encryption))
                .registerModule(new ContactSealing(people))
                // exclusion-list entries (individuals) in screening events, with the same ring
                .registerModule(new ScreeningSealing(encryption));
        return JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new ChainingConverter(EventEncryptionConfiguration.class.getClassLoader()))
                .objectMapper(mapper)
                .build();
    }

    static SimpleModule bankAccountModule(FieldEncryption encryption) {
        SimpleModule module = new SimpleModule("mdg-event-encryption");
        module.addSerializer(BankAccount.class, new JsonSerializer<>() {
            @Override
            public void serialize(BankAccount account, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeStartObject();
                json.writeStringField("accountHolder", account.accountHolder());
                json.writeStringField("bankName", account.bankName());
                json.writeStringField("routingNumber", encryption.encrypt(account.routingNumber()));
                json.writeStringField("accountNumber", encryption.encrypt(account.accountNumber()));
                json.writeStringField("iban", encryption.encrypt(account.iban()));
                json.writeStringField("currency", account.currency());
                json.writeEndObject();
            }
        });
        module.addDeserializer(BankAccount.class, new JsonDeserializer<>() {
            @Override
            public BankAccount deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode node = parser.readValueAsTree();
                return new BankAccount(text(node, "accountHolder"), text(node, "bankName"),
                        encryption.decrypt(text(node, "routingNumber")), encryption.decrypt(text(node, "accountNumber")),
                        encryption.decrypt(text(node, "iban")), text(node, "currency"));
            }
        });
        // a push consumer's signing secret: kept in the event store as bank details are
        module.addSerializer(WebhookSecret.class, new JsonSerializer<>() {
            @Override
            public void serialize(WebhookSecret secret, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeString(encryption.encrypt(secret.value()));
            }
        });
        module.addDeserializer(WebhookSecret.class, new JsonDeserializer<>() {
            @Override
            public WebhookSecret deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                return new WebhookSecret(encryption.decrypt(parser.getValueAsString()));
            }
        });
        return module;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
