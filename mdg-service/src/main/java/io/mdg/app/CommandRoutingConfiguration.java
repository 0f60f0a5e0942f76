package io.mdg.app;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.distributed.AnnotationRoutingStrategy;
import org.axonframework.commandhandling.distributed.RoutingStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.MergeRecordsCommand;
import io.mdg.api.record.SubmitRecordCommand;

/**
 * How commands are routed between command-side nodes behind Axon Server (consistent hashing on this key): all
 * submissions of one source record go to one node, so its in-node locks serialise them; steward commands go by the
 * record they change. Used by every role, since the sender computes the key.
 */
@Configuration(proxyBeanMethods = false)
public class CommandRoutingConfiguration {

    @Bean
    public RoutingStrategy routingStrategy() {
        RoutingStrategy fallback = AnnotationRoutingStrategy.defaultStrategy();
        return new RoutingStrategy() {
            @Override
            public String getRoutingKey(CommandMessage<?> command) {
                Object payload = command.getPayload();
                if (payload instanceof SubmitRecordCommand submit) {
                    return submit.routingKey();
                }
                if (payload instanceof ChangeLifecycleCommand change) {
                    return change.recordId();
                }
                if (payload instanceof io.mdg.api.changerequest.ReleaseHeldChangeCommand release) {
                    return release.recordId();
                }
                if (payload instanceof MergeRecordsCommand merge) {
                    return merge.mergedId();
                }
                return fallback.getRoutingKey(command);
            }
        };
    }
}
