package io.mdg.app.personal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import io.mdg.app.crypto.FieldEncryption;
import io.mdg.query.crypto.PersonalDataCipher;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.rules.InForce;
import io.mdg.rules.personal.PersonalDataRules;

/**
 * Personal data of suppliers' contacts (SECURITY.md "Personal data"): a key per person ({@link PersonKeys}) that
 * seals every stored copy of a contact (the events, through the event serializer; the record history and the other
 * sealed read models, through the {@link ReadModelCipher}), erased by the record's {@code ContactErasedEvent}
 * ({@link ContactKeyShredder}) and by the retention period of the rules file ({@link ContactRetention}).
 */
@Configuration(proxyBeanMethods = false)
public class PersonalDataConfiguration {

    @Bean
    public PersonKeys personKeys(DataSource dataSource, FieldEncryption eventFieldEncryption) {
        return new PersonKeys(dataSource, eventFieldEncryption, Clock.systemUTC());
    }

    /**
     * The read models' cipher: the event key ring seals the stored bytes, and the contacts inside are sealed under
     * their persons' keys first.
     */
    @Bean
    @Primary
    public ReadModelCipher personalReadModelCipher(FieldEncryption eventFieldEncryption, PersonKeys keys) {
        return new ReadModelCipher() {
            @Override
            public byte[] encrypt(byte[] plain) {
                return eventFieldEncryption.encrypt(plain);
            }

            @Override
            public byte[] decrypt(byte[] sealed) {
                return eventFieldEncryption.decrypt(sealed);
            }

            @Override
            public Optional<PersonalDataCipher> personalData() {
                return Optional.of(keys);
            }
        };
    }

    @Bean
    @Profile("command")
    public ContactKeyShredder contactKeyShredder(PersonKeys keys, JdbcTemplate jdbcTemplate) {
        return new ContactKeyShredder(keys, jdbcTemplate);
    }

    /** The key is destroyed in the erasure's own unit of work and transaction; a failure fails the erasure. */
    @Bean
    @Profile("command")
    public ConfigurerModule contactKeyShredderProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(ContactKeyShredder.GROUP)
                .registerListenerInvocationErrorHandler(ContactKeyShredder.GROUP,
                        c -> PropagatingErrorHandler.instance());
    }

    @Bean
    @Profile("command")
    public ContactRetention contactRetention(JdbcTemplate jdbcTemplate, PersonKeys keys,
                                             InForce<PersonalDataRules> rules,
                                             CommandGateway commandGateway) {
        return new ContactRetention(jdbcTemplate, keys, rules, commandGateway, Clock.systemUTC());
    }

    /** The retention run, a recurring db-scheduler task: persistent, one node at a time. */
    @Bean
    @Profile("command")
    public RecurringTask<Void> contactRetentionTask(ContactRetention retention,
                                                    @Value("${mdg.personal-data.retention-check:PT1H}")
                                                    Duration every) {
        return Tasks.recurring("contact-retention", FixedDelay.of(every))
                .execute((instance, context) -> retention.run());
    }
}
