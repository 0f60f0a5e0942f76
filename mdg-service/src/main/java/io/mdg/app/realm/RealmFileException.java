package io.mdg.app.realm;

import java.nio.file.Path;

/** A realm file that is missing, unreadable, not JSON or not shaped as a Keycloak realm export. */
public class RealmFileException extends RuntimeException {

    private final transient Path file;

    public RealmFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file, as it was named to {@link RealmFile#read(Path)}. */
    public Path file() {
        return file;
    }
}
