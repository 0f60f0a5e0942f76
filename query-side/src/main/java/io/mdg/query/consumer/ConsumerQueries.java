package io.mdg.query.consumer;

import java.util.List;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.consumer.ConsumerView;
import io.mdg.api.consumer.FindConsumerQuery;
import io.mdg.api.consumer.ListConsumersQuery;

/** Answers consumer queries from the {@link ConsumerRegistry} (never with a secret). */
@Component
@Profile("query")
public class ConsumerQueries {

    private final ConsumerRegistry registry;

    public ConsumerQueries(ConsumerRegistry registry) {
        this.registry = registry;
    }

    @QueryHandler
    public Optional<ConsumerView> handle(FindConsumerQuery query) {
        return registry.load(query.consumerId()).map(StoredConsumer::view);
    }

    @QueryHandler
    public List<ConsumerView> handle(ListConsumersQuery query) {
        return registry.all().stream().map(StoredConsumer::view).toList();
    }
}
