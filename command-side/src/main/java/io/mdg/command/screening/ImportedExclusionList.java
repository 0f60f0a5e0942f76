package io.mdg.command.screening;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

import io.mdg.api.screening.ExclusionListImportedEvent;

/** An imported exclusion list: its import is an event (who, which file by its hash, how many rows), audited. */
@Aggregate(commandTargetResolver = ScreeningTargets.BEAN)
@Profile("command")
public class ImportedExclusionList {

    @AggregateIdentifier
    private String listId;

    protected ImportedExclusionList() {
        // for Axon
    }

    ImportedExclusionList(ExclusionListImportedEvent imported) {
        apply(imported);
    }

    @EventSourcingHandler
    void on(ExclusionListImportedEvent event) {
        listId = event.listId();
    }
}
