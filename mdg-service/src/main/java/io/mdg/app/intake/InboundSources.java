package io.mdg.app.intake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.SourceSystem;

/**
 * The sources of {@code mdg.inbound.sources}, each checked when the service starts: a known source system (not
 * STEWARD), at least one valid secret, a signature scheme it can verify, and a mapping file that reads and checks.
 * A problem stops the start with a message naming the source (and the mapping file and its problems).
 */
public final class InboundSources {

    private final Map<String, InboundSource> sources;

    private InboundSources(Map<String, InboundSource> sources) {
        this.sources = Map.copyOf(sources);
    }

    public static InboundSources from(InboundSettings settings, ObjectMapper mapper) {
        Map<String, InboundSource> sources = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        settings.sources().forEach((key, source) -> {
            String name = key.toLowerCase(Locale.ROOT);
            String where = "mdg.inbound.sources." + name;
            if (!name.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                problems.add(where + ": a source name is 1 to 64 lower-case letters, digits, - and _");
                return;
            }
            SourceSystem system;
            try {
                system = SourceSystem.valueOf(source.systemFor(name));
            } catch (IllegalArgumentException e) {
                problems.add(where + ".system: '" + source.systemFor(name) + "' is not a source system "
                        + List.of(SourceSystem.values()));
                return;
            }
            if (system == SourceSystem.STEWARD) {
                problems.add(where + ".system: STEWARD is not a source system that sends webhooks");
                return;
            }
            WebhookVerifier verifier;
            try {
                verifier = new WebhookVerifier(source.signature(), source.secrets(), settings.tolerance());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                return;
            }
            if (source.mapping() == null || source.mapping().isBlank()) {
                problems.add(where + ".mapping: missing; the path of the source's mapping file");
                return;
            }
            SourceMapping mapping;
            try {
                mapping = SourceMapping.load(Path.of(source.mapping().strip()), mapper);
            } catch (MappingFileException e) {
                problems.add(where + ".mapping: " + e.getMessage());
                return;
            }
            sources.put(name, new InboundSource(name, system, Actor.client(source.clientIdFor(name)), verifier,
                    mapping));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("inbound webhooks cannot start: " + String.join("; ", problems));
        }
        return new InboundSources(sources);
    }

    /** The source of a path's name (case-insensitive). */
    public Optional<InboundSource> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(sources.get(name.toLowerCase(Locale.ROOT)));
    }

    public java.util.Collection<InboundSource> all() {
        return sources.values();
    }
}
