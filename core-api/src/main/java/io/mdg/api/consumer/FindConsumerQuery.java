package io.mdg.api.consumer;

/** One consumer by id. Answers {@code Optional<ConsumerView>}. */
public record FindConsumerQuery(String consumerId) {
}
