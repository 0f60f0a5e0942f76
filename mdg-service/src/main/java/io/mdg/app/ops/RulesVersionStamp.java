package io.mdg.app.ops;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import io.mdg.api.feed.ChangeMetaData;

/**
 * Stamps every event the command side publishes with the version of the rules file it decided under
 * ({@link ChangeMetaData#RULES_VERSION}): consumers of golden records receive it with each change. An event that
 * already has one keeps it.
 */
public final class RulesVersionStamp implements MessageDispatchInterceptor<EventMessage<?>> {

    private final Map<String, String> stamp;

    public RulesVersionStamp(String rulesVersion) {
        this.stamp = Map.of(ChangeMetaData.RULES_VERSION, rulesVersion);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> message.getMetaData().containsKey(ChangeMetaData.RULES_VERSION) ? message
                : message.andMetaData(stamp);
    }
}
