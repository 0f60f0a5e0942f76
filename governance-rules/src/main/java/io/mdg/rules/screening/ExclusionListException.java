package io.mdg.rules.screening;

/**
 * An exclusion-list file cannot be read as a whole: in neither published layout, or a row that cannot be read. The
 * message names the line (1 is the header) and, where one is at fault, the column.
 */
public class ExclusionListException extends RuntimeException {

    private final long line;
    private final String column;

    public ExclusionListException(long line, String column, String message) {
        super("line " + line + (column == null ? "" : ", column " + column) + ": " + message);
        this.line = line;
        this.column = column;
    }

    public long line() {
        return line;
    }

    /** The column at fault (its header name), or null. */
    public String column() {
        return column;
    }
}
