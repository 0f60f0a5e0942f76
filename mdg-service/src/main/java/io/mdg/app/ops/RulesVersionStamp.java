package io.mdg.app.ops;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import io.mdg.api.feed.ChangeMetaData;
import io.mdg.rules.file.RulesVersion;

/**
 * Stamps every event the command side publishes with the declared version and the content hash of the rules it was
 * decided by ({@link ChangeMetaData#RULES_VERSION}, {@link ChangeMetaData#RULES_HASH}): the version the command's unit
 * of work decides by (the rules in force at its time, the same for all its events). Consumers of golden records
 * receive the version with each change; the audit trail and lineage show both. An event that already has a version
 * keeps it.
 */
public final class RulesVersionStamp implements MessageDispatchInterceptor<EventMessage<?>> {

    private final Supplier<RulesVersion> deciding;

    public RulesVersionStamp(Supplier<RulesVersion> deciding) {
        this.deciding = deciding;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            if (message.getMetaData().containsKey(ChangeMetaData.RULES_VERSION)) {
                return message;
            }
            RulesVersion rules = deciding.get();
            return message.andMetaData(Map.of(ChangeMetaData.RULES_VERSION, rules.version(),
                    ChangeMetaData.RULES_HASH, rules.hash()));
        };
    }
}
