package io.mdg.graphql.importing;

import java.util.List;

import io.mdg.api.submission.FieldError;
import io.mdg.graphql.submission.SubmissionInput;

/**
 * One row of an import file: its 1-based position among the file's records (not counting a CSV header and blank
 * lines), the source id when it could be read, and either the input or why it could not be read.
 */
record ParsedRow(int row, String sourceId, SubmissionInput input, List<FieldError> errors) {

    static ParsedRow read(int row, SubmissionInput input) {
        return new ParsedRow(row, input.sourceId(), input, List.of());
    }

    static ParsedRow malformed(int row, String sourceId, List<FieldError> errors) {
        return new ParsedRow(row, sourceId, null, List.copyOf(errors));
    }
}
