package io.mdg.query.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The rows a table read model writes while an event processor handles a batch (a streaming processor's
 * {@link BatchingUnitOfWork}, up to {@code batch-size} events), written when the batch commits: one JDBC batch for
 * the whole batch instead of a statement per event (PgJDBC's {@code reWriteBatchedInserts} turns it into multi-row
 * inserts). They are written in the batch's prepare-commit phase, on the processor's thread: inside its transaction
 * when the processor has one on the same {@code DataSource} (the token then commits with them), before it otherwise.
 * A batch that rolls back leaves nothing: its rows are dropped with it and its events are handled again.
 *
 * <p>Outside a batch (an operator's retry of a dead letter, a subscribing processor, tests) every row is written at
 * once. The writer must be idempotent (the events of a batch can be handled again after a failure).
 *
 * @param <R> a row
 */
public final class PendingRows<R> {

    private final String resource = PendingRows.class.getName() + "@" + Integer.toHexString(System.identityHashCode(this));
    private final Consumer<List<R>> writer;

    /** @param writer writes rows (all of a batch at once, in the order they were added) */
    public PendingRows(Consumer<List<R>> writer) {
        this.writer = writer;
    }

    public void add(R row) {
        List<R> batch = batch();
        if (batch == null) {
            writer.accept(List.of(row));
        } else {
            batch.add(row);
        }
    }

    /** The rows of the current batch not written yet, oldest first (empty outside a batch). */
    public List<R> pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return List.of();
        }
        List<R> rows = CurrentUnitOfWork.get().getResource(resource);
        return rows == null ? List.of() : rows;
    }

    private List<R> batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?>) || unitOfWork.phase() != UnitOfWork.Phase.STARTED) {
            return null;
        }
        return unitOfWork.getOrComputeResource(resource, key -> {
            List<R> rows = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> {
                if (!rows.isEmpty()) {
                    writer.accept(List.copyOf(rows));
                    rows.clear();
                }
            });
            return rows;
        });
    }
}
