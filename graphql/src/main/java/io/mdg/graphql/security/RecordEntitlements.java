package io.mdg.graphql.security;

import java.util.Set;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;

/**
 * Which golden records a caller may read: the one decision that every GraphQL field returning a record asks, for
 * every record it returns, at the root and through every relation (a contract's supplier, an item's manufacturer, a
 * location's parent and children, a change request's record). People with a reader role read every record of every
 * type; a source client reads only records its own system holds (a source record of its system maps to them), so
 * that it cannot read another system's data through a relation. Consumer subscriptions, when they come, are decided
 * here too.
 */
@Component
@Profile("edge")
public class RecordEntitlements {

    private final Access access;

    public RecordEntitlements(Access access) {
        this.access = access;
    }

    /** What the decision knows of a record: its type, its id and the source systems whose records map to it. */
    public record Subject(EntityType type, String id, Set<SourceSystem> heldBy) {
    }

    /** Whether the caller may read the record. */
    public boolean mayRead(Caller caller, Subject record) {
        if (access.reads(caller)) {
            return true;
        }
        return caller.hasRole(Roles.SOURCE_SYSTEM)
                && caller.sourceSystem().filter(record.heldBy()::contains).isPresent();
    }
}
