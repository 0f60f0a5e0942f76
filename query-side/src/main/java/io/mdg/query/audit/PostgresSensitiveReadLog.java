package io.mdg.query.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.axonframework.queryhandling.QueryHandler;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.audit.SensitiveRead;
import io.mdg.api.audit.SensitiveReadLog;
import io.mdg.api.audit.SensitiveReadsQuery;

/**
 * The log of reads of sensitive values ({@link SensitiveReadLog}): every time the edge shows a caller a bank account in
 * full (a supplier's {@code bankAccount}, the before and after of a change request, an audit-trail or history entry,
 * a row of the CSV export), who (the person or client), when, which record, what, and the request's correlation id
 * are kept in the table {@code sensitive_reads} of the service's PostgreSQL, read back by auditors
 * ({@link SensitiveReadsQuery}, GraphQL {@code sensitiveReads}). In every process (no profile): each has the database,
 * and the edge reports to it directly.
 *
 * <p>A read is not held up by a commit of its own: reads are queued and written by one thread in multi-row batches
 * every {@value #FLUSH_MILLIS} ms (and at shutdown). When the queue is full, the reading thread writes its entry
 * itself, so no read goes unlogged under load; a crash of the process loses at most the last batch (a fraction of a
 * second of reads), never a change.
 */
@Component
public class PostgresSensitiveReadLog implements SensitiveReadLog, SmartLifecycle {

    static final long FLUSH_MILLIS = 200;
    private static final int CAPACITY = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSensitiveReadLog.class);
    private static final String INSERT = "INSERT INTO sensitive_reads (at, reader_type, reader, record_type, record_id,"
            + " field, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final BlockingQueue<SensitiveRead> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile Thread writer;

    public PostgresSensitiveReadLog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("""
                CREATE TABLE IF NOT EXISTS sensitive_reads (
                    id             BIGSERIAL PRIMARY KEY,
                    at             TIMESTAMPTZ NOT NULL,
                    reader_type    TEXT NOT NULL,
                    reader         TEXT NOT NULL,
                    record_type    TEXT NOT NULL,
                    record_id      TEXT NOT NULL,
                    field          TEXT NOT NULL,
                    correlation_id TEXT)""");
        jdbc.execute("CREATE INDEX IF NOT EXISTS sensitive_reads_record ON sensitive_reads (record_id, id)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS sensitive_reads_reader ON sensitive_reads (reader, id)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS sensitive_reads_at ON sensitive_reads (at, id)");
    }

    @Override
    public void shown(SensitiveRead read) {
        if (!queue.offer(read)) {
            write(List.of(read));
        }
    }

    @QueryHandler
    public List<SensitiveRead> handle(SensitiveReadsQuery query) {
        String recordId = query.recordId();
        String reader = query.reader();
        Instant from = query.from();
        Instant to = query.to();
        Long before = query.before();
        int limit = query.limit();
        StringBuilder sql = new StringBuilder("SELECT id, at, reader_type, reader, record_type, record_id, field,"
                + " correlation_id FROM sensitive_reads WHERE true");
        List<Object> args = new ArrayList<>();
        if (recordId != null) {
            sql.append(" AND record_id = ?");
            args.add(recordId);
        }
        if (reader != null) {
            sql.append(" AND reader = ?");
            args.add(reader);
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND at < ?");
            args.add(Timestamp.from(to));
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> new SensitiveRead(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                new Actor(Actor.ActorType.valueOf(rs.getString(3)), rs.getString(4)),
                EntityType.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8)),
                args.toArray());
    }

    /** Writes what is queued now (also called at shutdown). */
    public void flush() {
        List<SensitiveRead> batch = new ArrayList<>();
        while (queue.drainTo(batch, 1_000) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private void write(List<SensitiveRead> batch) {
        jdbc.batchUpdate(INSERT, batch, batch.size(), (statement, read) -> {
            statement.setTimestamp(1, Timestamp.from(read.at()));
            statement.setString(2, read.reader().type().name());
            statement.setString(3, read.reader().name());
            statement.setString(4, read.recordType().name());
            statement.setString(5, read.recordId());
            statement.setString(6, read.field());
            statement.setString(7, read.correlationId());
        });
    }

    private void run() {
        List<SensitiveRead> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (batch.isEmpty()) {
                    SensitiveRead first = queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, 999);
                }
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the batch is kept and written again
                LOG.error("could not write the log of sensitive reads ({} waiting); retrying", batch.size()
                        + queue.size(), e);
                sleep();
            }
        }
        if (!batch.isEmpty()) {
            write(batch);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::run, "sensitive-reads");
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = writer;
        writer = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }
}
