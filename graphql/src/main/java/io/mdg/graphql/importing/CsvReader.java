package io.mdg.graphql.importing;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records (RFC 4180) one at a time from a stream: comma-separated cells, a cell in double quotes may
 * hold commas, line breaks and doubled quotes ({@code ""}); lines end with LF or CRLF. A malformed record (text
 * after a closing quote, a quote inside an unquoted cell, a quote left open at the end) is reported by
 * {@link Record#error()} and reading goes on with the next line.
 */
final class CsvReader {

    /** Longest cell accepted, so that a quote left open cannot swallow the whole file into memory. */
    static final int MAX_CELL = 1 << 20;

    record Record(List<String> cells, String error) {
    }

    private final Reader in;
    private int peeked = -2;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The next record, or null at the end of the input. */
    Record next() throws IOException {
        if (peek() == -1) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String error = null;
        boolean quoted = false;
        boolean afterQuote = false;
        boolean cellStart = true;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == -1) {
                    error = "a quoted cell is not closed";
                    cells.add(cell.toString());
                    return new Record(cells, error);
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        cell.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else if (cell.length() >= MAX_CELL) {
                    error = "a cell is longer than " + MAX_CELL + " characters";
                    skipToEndOfLine();
                    cells.add("");
                    return new Record(cells, error);
                } else {
                    cell.append((char) c);
                }
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                cells.add(cell.toString());
                return new Record(cells, error);
            }
            if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                cellStart = true;
                afterQuote = false;
                continue;
            }
            if (c == '"' && cellStart) {
                quoted = true;
                cellStart = false;
                continue;
            }
            if (afterQuote || c == '"') {
                if (error == null) {
                    error = afterQuote ? "text after a closing quote" : "a quote inside an unquoted cell";
                }
            }
            cellStart = false;
            if (cell.length() < MAX_CELL) {
                cell.append((char) c);
            }
        }
    }

    private void skipToEndOfLine() throws IOException {
        int c;
        do {
            c = read();
        } while (c != -1 && c != '\n');
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private int read() throws IOException {
        int c = peek();
        peeked = -2;
        return c;
    }
}
