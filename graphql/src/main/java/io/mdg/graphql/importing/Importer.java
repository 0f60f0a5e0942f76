package io.mdg.graphql.importing;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.error.Failures;
import io.mdg.graphql.hygiene.CallerLimits;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.submission.InFlightLimiter;
import io.mdg.graphql.submission.Submissions;

/**
 * Streams an import: reads one row at a time, sends it through {@link Submissions} (the path of the GraphQL
 * mutations) with at most {@link CallerLimits#inFlight} submissions in flight, and writes one line per
 * row in row order as soon as it and the rows before it are done, then the summary. Memory stays bounded by the
 * window of rows in flight or waiting to be written, whatever the file's size.
 */
@Component
@Profile("edge")
public class Importer {

    /** Where the lines go. */
    interface Sink {
        void write(Object line) throws IOException;
    }

    private final Submissions submissions;
    private final CallerLimits rateLimits;

    public Importer(Submissions submissions, CallerLimits rateLimits) {
        this.submissions = submissions;
        this.rateLimits = rateLimits;
    }

    ImportSummary run(Caller caller, RowSource rows, Sink sink) throws IOException {
        InFlightLimiter limiter = submissions.limiter();
        int most = 4 * limiter.maxInFlight(); // rows sent but not yet written, at most
        Deque<CompletableFuture<ImportLine>> window = new ArrayDeque<>();
        Tally tally = new Tally();
        ParsedRow row;
        while ((row = rows.next()) != null) {
            if (row.input() != null) {
                acquire(caller, 1);
            }
            window.add(send(caller, row, limiter));
            while (window.size() > most || !window.isEmpty() && window.peek().isDone()) {
                tally.write(window.poll().join(), sink);
            }
        }
        while (!window.isEmpty()) {
            tally.write(window.poll().join(), sink);
        }
        ImportSummary summary = tally.summary();
        sink.write(summary);
        return summary;
    }

    /** An import slows down to the client's rate limit rather than failing rows. */
    private void acquire(Caller caller, int count) throws IOException {
        try {
            rateLimits.awaitSubmissions(caller.actor().name(), count);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("import interrupted");
        }
    }

    private CompletableFuture<ImportLine> send(Caller caller, ParsedRow row, InFlightLimiter limiter) {
        if (row.input() == null) {
            return CompletableFuture.completedFuture(
                    new ImportLine(row.row(), row.sourceId(), "REJECTED", null, row.errors()));
        }
        return limiter.run(() -> submissions.submit(caller, row.input())).handle((result, failure) -> {
            if (failure == null) {
                return line(row, result);
            }
            MdgErrorDetails details = Failures.describe(failure, "import row " + row.row());
            List<FieldError> errors = details.fieldErrors().isEmpty()
                    ? List.of(new FieldError("row", details.code().name(), details.message()))
                    : details.fieldErrors();
            return new ImportLine(row.row(), row.sourceId(), ImportLine.FAILED, null, errors);
        });
    }

    private static ImportLine line(ParsedRow row, SubmissionResult result) {
        return new ImportLine(row.row(), row.sourceId(), result.outcome().name(), result.goldenId(), result.errors());
    }

    private static final class Tally {
        int rows;
        int created;
        int updated;
        int unchanged;
        int stale;
        int rejected;
        int failed;

        void write(ImportLine line, Sink sink) throws IOException {
            rows++;
            switch (line.outcome()) {
                case "CREATED" -> created++;
                case "UPDATED" -> updated++;
                case "UNCHANGED" -> unchanged++;
                case "STALE" -> stale++;
                case "REJECTED" -> rejected++;
                default -> failed++;
            }
            sink.write(line);
        }

        ImportSummary summary() {
            return new ImportSummary(new ImportSummary.Counts(rows, created, updated, unchanged, stale, rejected,
                    failed));
        }
    }
}
