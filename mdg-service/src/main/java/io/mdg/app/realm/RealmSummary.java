package io.mdg.app.realm;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Prints what {@code ./mdg} needs of a realm file, one record a line, fields separated by the ASCII unit separator
 * ({@value #SEPARATOR_NAME}, so that an empty field stays a field for bash's {@code read}); an absent value is an
 * empty field, a list of roles is joined with {@code ", "}:
 * <pre>
 * realm            name
 * client           clientId  secret  source_system claim  roles      (a client with client credentials)
 * password-client  clientId                                          (the public client for the password grant)
 * user             username  password  roles
 * </pre>
 * It runs from the service jar without starting Spring (and reads the file with Jackson only):
 * <pre>java -cp mdg-service.jar -Dloader.main=io.mdg.app.realm.RealmSummary \
 *     org.springframework.boot.loader.launch.PropertiesLauncher keycloak/mdg-realm.json</pre>
 * Exit status 0, 1 when the file cannot be used (the message names it and the problem), 2 on wrong arguments.
 * {@code ./mdg} keeps this output in {@code data/realm-summary} under a key naming the format
 * ({@code realm-summary-1}): change that key in {@code mdg} together with the format.
 */
public final class RealmSummary {

    static final char SEPARATOR = '\u001f';
    static final String SEPARATOR_NAME = "\\u001f";

    private RealmSummary() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (args.length != 1) {
            System.err.println("usage: RealmSummary <realm file>");
            System.exit(2);
        }
        try {
            out.print(summary(Path.of(args[0])));
            out.flush();
        } catch (RealmFileException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** The summary of a realm file, as printed by {@link #main}. */
    static String summary(Path file) {
        RealmFile realm = RealmFile.read(file);
        StringBuilder text = new StringBuilder();
        line(text, file, "realm", realm.realm());
        for (RealmFile.ServiceClient client : realm.serviceClients()) {
            line(text, file, "client", client.clientId(), client.secret().orElse(""),
                    client.sourceSystem().orElse(""), String.join(", ", client.roles()));
        }
        realm.passwordGrantClient().ifPresent(client -> line(text, file, "password-client", client));
        for (RealmFile.User user : realm.users()) {
            line(text, file, "user", user.username(), user.password().orElse(""), String.join(", ", user.roles()));
        }
        return text.toString();
    }

    private static void line(StringBuilder text, Path file, String kind, String... fields) {
        for (String value : fields) {
            value.chars().filter(c -> c < 0x20 || c == 0x7f).findFirst().ifPresent(c -> {
                throw new RealmFileException(file, "the " + kind + " '" + fields[0].replaceAll("\\p{Cntrl}", "?")
                        + "' has a value with a control character (U+" + String.format("%04X", c)
                        + "), which ./mdg cannot pass on");
            });
        }
        text.append(kind);
        for (String value : fields) {
            text.append(SEPARATOR).append(value);
        }
        text.append('\n');
    }
}
