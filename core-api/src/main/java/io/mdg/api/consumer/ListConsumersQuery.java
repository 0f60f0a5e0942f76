package io.mdg.api.consumer;

/** Every registered consumer, by name. Answers {@code List<ConsumerView>}. */
public record ListConsumersQuery() {
}
