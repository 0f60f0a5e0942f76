package io.mdg.graphql.personal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.Contact;
import io.mdg.api.record.EraseContactCommand;
import io.mdg.api.record.RecordView;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.record.MasterRecordNode;
import io.mdg.graphql.record.RecordReader;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;

/**
 * Personal data of suppliers' contacts at the edge: an admin (a person) erases a contact person
 * ({@code eraseContact}: crypto-shredding, refused under a legal hold of the rules file), and a contact shows its
 * person id and whether it was erased.
 */
@Controller
@Profile("edge")
public class PersonalDataController {

    static final int MAX_REASON_LENGTH = 2_000;

    private final CommandGateway commandGateway;
    private final RecordReader reader;
    private final Duration timeout;
    private final Duration readAfterWriteWait;

    public PersonalDataController(CommandGateway commandGateway, RecordReader reader, EdgeSettings settings) {
        this.commandGateway = commandGateway;
        this.reader = reader;
        this.timeout = settings.timeout();
        this.readAfterWriteWait = settings.readAfterWriteWait();
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<MasterRecordNode> eraseContact(@Argument String supplierId, @Argument String personId,
                                                            @Argument String reason, Authentication authentication) {
        Actor admin = Caller.from(authentication).actor();
        if (admin.type() != Actor.ActorType.USER) {
            throw new ApiException(ErrorCode.FORBIDDEN, "an erasure is a person's decision: an admin user erases");
        }
        if (reason == null || reason.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a reason is required");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "a reason has at most " + MAX_REASON_LENGTH + " characters");
        }
        var command = new EraseContactCommand(supplierId, personId, reason.strip(), admin, false,
                LocalDate.now(ZoneOffset.UTC));
        return reader.find(EntityType.SUPPLIER, supplierId).thenCompose(before -> {
            long versionBefore = before.map(RecordView::version).orElse(0L);
            return commandGateway.send(Correlation.command(command))
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .thenCompose(done -> reader.await(EntityType.SUPPLIER, supplierId,
                            (Optional<RecordView> now) -> now.map(v -> v.version() > versionBefore).orElse(false),
                            readAfterWriteWait));
        }).thenApply(after -> after.map(MasterRecordNode::of).orElse(null));
    }

    @SchemaMapping(typeName = "Contact", field = "erased")
    public boolean erased(Contact contact) {
        return contact.wasErased();
    }
}
