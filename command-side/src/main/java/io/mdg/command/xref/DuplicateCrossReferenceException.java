package io.mdg.command.xref;

/** A source record that is already mapped to a golden record was linked again (a lost race; retry is safe). */
public class DuplicateCrossReferenceException extends RuntimeException {

    public DuplicateCrossReferenceException(String key, Throwable cause) {
        super("source record " + key + " is already linked to a golden record", cause);
    }
}
