package io.mdg.command.idempotency;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Idempotency keys on the command side: the store of answers ({@code mdg.idempotency.retention}, 24 hours by
 * default), the handler interceptor of every command, and the purge of expired answers, which every node runs now and
 * then ({@code mdg.idempotency.purge-interval}, an hour by default; deleting what has expired is the same on any node).
 */
@Configuration(proxyBeanMethods = false)
@Profile("command")
public class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    @Bean
    public IdempotencyStore idempotencyStore(JdbcTemplate jdbc, AnswerCipher cipher,
                                             @Value("${mdg.idempotency.retention:24h}") Duration retention) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        IdempotencyStore store = new IdempotencyStore(jdbc, json, cipher, retention);
        store.createSchema();
        return store;
    }

    @Bean
    public SmartInitializingSingleton idempotentCommands(CommandBus commandBus, IdempotencyStore store) {
        return () -> commandBus.registerHandlerInterceptor(new IdempotentCommands(store));
    }

    @Bean
    public IdempotencyPurge idempotencyPurge(IdempotencyStore store,
                                             @Value("${mdg.idempotency.purge-interval:1h}") Duration interval) {
        return new IdempotencyPurge(store, interval);
    }

    /** Deletes expired answers now and then, on a daemon thread of its own. */
    public static final class IdempotencyPurge implements DisposableBean {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mdg-idempotency-purge");
            thread.setDaemon(true);
            return thread;
        });

        IdempotencyPurge(IdempotencyStore store, Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("mdg.idempotency.purge-interval must be positive, not " + interval);
            }
            timer.scheduleWithFixedDelay(() -> {
                try {
                    int purged = store.purgeExpired();
                    if (purged > 0) {
                        log.info("Purged {} expired idempotency answers", purged);
                    }
                } catch (RuntimeException e) {
                    log.warn("Purging expired idempotency answers failed (tried again later): {}", e.toString());
                }
            }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void destroy() {
            timer.shutdownNow();
        }
    }
}
