package io.mdg.graphql.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.Actor;
import io.mdg.api.consumer.ChangeConsumerCommand;
import io.mdg.api.consumer.ConsumerRegistration;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerView;
import io.mdg.api.consumer.FindConsumerQuery;
import io.mdg.api.consumer.ListConsumersQuery;
import io.mdg.api.consumer.RegisterConsumerCommand;
import io.mdg.api.consumer.RotateConsumerSecretCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.record.ReadAfterWrite;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;

/**
 * Admins register and change the consumers of golden records. A registration's answer carries the signing secret
 * the command side made (the only time it is shown), and the consumer as the registry shows it once it does.
 */
@Controller
@Profile("edge")
public class ConsumerController {

    static final int MAX_OVERLAP_HOURS = 720;

    /** The answer of a registration, a change or a rotation ({@code ConsumerRegistration}). */
    public record RegistrationNode(String consumerId, ConsumerNode consumer, String webhookSecret) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Duration timeout;
    private final Duration readAfterWriteWait;

    public ConsumerController(CommandGateway commands, QueryGateway queries, EdgeSettings settings) {
        this.commands = commands;
        this.queries = queries;
        this.timeout = settings.timeout();
        this.readAfterWriteWait = settings.readAfterWriteWait();
    }

    @QueryMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<List<ConsumerNode>> consumers() {
        return queries.query(new ListConsumersQuery(), ResponseTypes.multipleInstancesOf(ConsumerView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(views -> views.stream().map(ConsumerNode::of).toList());
    }

    @QueryMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<ConsumerNode> consumer(@Argument String id) {
        return find(id).thenApply(view -> view.map(ConsumerNode::of).orElse(null));
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<RegistrationNode> registerConsumer(@Argument ConsumerInput input,
                                                               @Argument Boolean initialLoad,
                                                               Authentication authentication) {
        String id = "consumer-" + UUID.randomUUID();
        return sendThenRead(Correlation.command(new RegisterConsumerCommand(id, input.settings(),
                Boolean.TRUE.equals(initialLoad), admin(authentication))), id, null);
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<RegistrationNode> changeConsumer(@Argument String id, @Argument ConsumerInput input,
                                                             Authentication authentication) {
        ConsumerSettings settings = input.settings();
        // built now, while the mutation is resolved: it carries the request's idempotency key
        CommandMessage<?> command = Correlation.command(new ChangeConsumerCommand(id, settings, admin(authentication)));
        // unchanged settings change nothing: no need to wait for the registry
        return existing(id).thenCompose(before -> sendThenRead(command, id,
                settings.equals(before.settings()) ? null : before));
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<RegistrationNode> rotateConsumerSecret(@Argument String id,
                                                                   @Argument Integer overlapHours,
                                                                   Authentication authentication) {
        if (overlapHours != null && (overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "overlapHours must be between 0 and " + MAX_OVERLAP_HOURS);
        }
        CommandMessage<?> command = Correlation.command(new RotateConsumerSecretCommand(id,
                overlapHours == null ? null : Duration.ofHours(overlapHours), admin(authentication)));
        return existing(id).thenCompose(before -> sendThenRead(command, id, before));
    }

    /**
     * Sends the command, then reads the consumer until the registry shows a change after {@code before} (null: until
     * it shows the consumer at all).
     */
    private CompletableFuture<RegistrationNode> sendThenRead(CommandMessage<?> command, String id,
                                                             ConsumerView before) {
        return commands.<ConsumerRegistration>send(command)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(answer -> {
                    // the answer's id: a keyed repeat of a registration is answered with the first registration's
                    String answered = answer.consumerId() != null ? answer.consumerId() : id;
                    return ReadAfterWrite.await(() -> find(answered),
                            (Optional<ConsumerView> now) -> now.isPresent() && !now.get().equals(before),
                            readAfterWriteWait)
                            .thenApply(after -> new RegistrationNode(answered, after.map(ConsumerNode::of).orElse(null),
                                    answer.webhookSecret() == null ? null : answer.webhookSecret().value()));
                });
    }

    /** The consumer as the registry shows it; NOT_FOUND when there is none with that id. */
    private CompletableFuture<ConsumerView> existing(String id) {
        return find(id).thenApply(view -> view.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "no consumer " + id)));
    }

    private CompletableFuture<Optional<ConsumerView>> find(String id) {
        return queries.query(new FindConsumerQuery(id), ResponseTypes.optionalInstanceOf(ConsumerView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Actor admin(Authentication authentication) {
        return Caller.from(authentication).actor();
    }
}
