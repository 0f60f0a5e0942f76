package io.mdg.graphql.importing;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.submission.FieldError;
import io.mdg.graphql.submission.SubmissionInput;

/** NDJSON rows: one JSON object per line, in the shape of the GraphQL input. Blank lines are skipped. */
final class NdjsonRows implements RowSource {

    /** Longest line accepted; a longer one is a malformed row (and is skipped, not held in memory). */
    static final int MAX_LINE = 1 << 20;

    private final Reader in;
    private final ObjectMapper mapper;
    private final Class<? extends SubmissionInput> type;
    private int row;
    private boolean ended;

    NdjsonRows(Reader in, ObjectMapper mapper, Class<? extends SubmissionInput> type) {
        this.in = in;
        this.mapper = mapper;
        this.type = type;
    }

    @Override
    public ParsedRow next() throws IOException {
        while (!ended) {
            StringBuilder line = new StringBuilder();
            boolean tooLong = false;
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (line.length() < MAX_LINE) {
                    line.append((char) c);
                } else {
                    tooLong = true;
                }
            }
            ended = c == -1;
            if (tooLong) {
                row++;
                return ParsedRow.malformed(row, null, List.of(new FieldError("row", "MALFORMED_ROW",
                        "a line is longer than " + MAX_LINE + " characters")));
            }
            String text = line.toString().strip();
            if (text.isEmpty()) {
                continue;
            }
            row++;
            JsonNode tree;
            try {
                tree = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                return ParsedRow.malformed(row, null, List.of(new FieldError("row", "MALFORMED_ROW",
                        "not valid JSON: " + JsonRows.abbreviate(e.getOriginalMessage()))));
            }
            return JsonRows.convert(row, tree, mapper, type);
        }
        return null;
    }
}
