package io.mdg.graphql.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.mdg.api.audit.AuditChange;
import io.mdg.api.audit.AuditEntry;

/**
 * The CSV shape of the audit-trail export (RFC 4180: comma-separated, CRLF line ends, a field in double quotes when
 * it holds a comma, a quote, CR or LF, quotes inside doubled). One row per attribute of an entry (the entry's columns
 * repeated), one row with empty attribute columns for an entry without attributes, so that "who changed which
 * attribute from what to what" is one row each.
 */
final class AuditCsv {

    static final List<String> HEADER = List.of("entryId", "at", "action", "recordType", "recordId", "attribute",
            "before", "after", "attributeStatus", "attributeCode", "attributeMessage", "actorType", "actor",
            "sourceSystem", "sourceId", "sourceVersion", "changeRequestId", "approvals", "approvalsRequired",
            "approvers", "correlationId", "comment", "verificationNote", "errors");

    private AuditCsv() {
    }

    static void header(Writer out) throws IOException {
        row(out, HEADER);
    }

    static void entry(Writer out, AuditEntry e) throws IOException {
        List<AuditChange> changes = e.changes().isEmpty() ? java.util.Collections.singletonList(null) : e.changes();
        for (AuditChange c : changes) {
            List<String> cells = new ArrayList<>(HEADER.size());
            cells.add(e.id());
            cells.add(e.at() == null ? null : e.at().toString());
            cells.add(e.action().name());
            cells.add(e.recordType() == null ? null : e.recordType().name());
            cells.add(e.recordId());
            cells.add(c == null ? null : c.attribute());
            cells.add(c == null ? null : c.before());
            cells.add(c == null ? null : c.after());
            cells.add(c == null || c.status() == null ? null : c.status().name());
            cells.add(c == null ? null : c.code());
            cells.add(c == null ? null : c.message());
            cells.add(e.actor() == null ? null : e.actor().type().name());
            cells.add(e.actor() == null ? null : e.actor().name());
            cells.add(e.source() == null ? null : e.source().system().name());
            cells.add(e.source() == null ? null : e.source().sourceId());
            cells.add(e.source() == null || e.source().sourceVersion() == null ? null
                    : e.source().sourceVersion().toString());
            cells.add(e.changeRequestId());
            cells.add(e.approvals() == null ? null : Integer.toString(e.approvals().approvals()));
            cells.add(e.approvals() == null ? null : Integer.toString(e.approvals().required()));
            cells.add(e.approvals() == null ? null : String.join(";", e.approvals().approvers()));
            cells.add(e.correlationId());
            cells.add(e.comment());
            cells.add(e.verificationNote());
            cells.add(e.errors().isEmpty() ? null : e.errors().stream()
                    .map(f -> f.field() + " " + f.code() + ": " + f.message()).collect(Collectors.joining("; ")));
            row(out, cells);
        }
    }

    static void row(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** A field as RFC 4180 wants it; null is an empty field. */
    static String quote(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
