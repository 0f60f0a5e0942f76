package io.mdg.graphql;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import io.mdg.graphql.hygiene.QueryLimitsInstrumentation;

/**
 * Parsed and validated GraphQL documents, by their text: clients send the same few documents over and over (with
 * different variables), and parsing and validating one cost as much as executing a small query. Only documents that
 * parsed and validated without error are kept, only those of at most {@link #MAX_DOCUMENT_LENGTH} characters, and at
 * most {@link #MAX_ENTRIES} of them (the least useful are dropped first): at most a few MiB.
 *
 * <p>A document taken from here skips graphql-java's parse and validation steps, not the edge's limits: the
 * {@link QueryLimitsInstrumentation} measures every request's document with its own variables (depth, complexity,
 * aliases, root fields) and charges the caller's cost, whether the document was parsed for it or taken from here.
 * Whether a caller may introspect is decided when executing, per request, not here.
 */
public final class ParsedDocuments implements PreparsedDocumentProvider {

    public static final int MAX_ENTRIES = 1_000;
    public static final int MAX_DOCUMENT_LENGTH = 16 * 1024;

    private final Cache<String, PreparsedDocumentEntry> documents = Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .executor(Runnable::run)
            .build();

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
            ExecutionInput executionInput, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String query = executionInput.getQuery();
        PreparsedDocumentEntry entry = documents.getIfPresent(query);
        if (entry == null) {
            // a refusal by the limits (thrown while validating) propagates and is not kept
            entry = parseAndValidate.apply(executionInput);
            if (!entry.hasErrors() && query.length() <= MAX_DOCUMENT_LENGTH) {
                documents.put(query, entry);
            }
        }
        return CompletableFuture.completedFuture(entry);
    }

    /** Whether this document text is kept, parsed and validated. */
    boolean holds(String query) {
        return documents.getIfPresent(query) != null;
    }
}
