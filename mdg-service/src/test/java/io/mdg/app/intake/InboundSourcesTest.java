package io.mdg.app.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.SourceSystem;

/** The registered sources are checked when the service starts; a problem stops it, naming the source and file. */
class InboundSourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private final String secret = Webhooks.newSecret();

    @TempDir
    Path dir;

    private static InboundSources sources(Map<String, InboundSettings.Source> sources) {
        return InboundSources.from(new InboundSettings(null, null, null, null, null, null, sources), JSON);
    }

    @Test
    void a_source_submits_as_its_system_and_client_by_default_or_as_configured() {
        String mapping = SourceMappingTest.PROCURELY.toString();
        InboundSources sources = sources(Map.of(
                "sourcing", new InboundSettings.Source(null, null, List.of(secret), mapping, null),
                "portal", new InboundSettings.Source("supplier_portal", "supplier-portal", List.of(secret), mapping,
                        null)));

        InboundSource sourcing = sources.find("SOURCING").orElseThrow();
        assertThat(sourcing.system()).isEqualTo(SourceSystem.SOURCING);
        assertThat(sourcing.actor()).isEqualTo(Actor.client("sourcing"));
        InboundSource portal = sources.find("portal").orElseThrow();
        assertThat(portal.system()).isEqualTo(SourceSystem.SUPPLIER_PORTAL);
        assertThat(portal.actor()).isEqualTo(Actor.client("supplier-portal"));
        assertThat(sources.find("erp")).isEmpty();
    }

    @Test
    void a_broken_mapping_file_an_unknown_system_or_a_bad_secret_stops_the_start_naming_each() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "version: 1\neventType: $.type\nevents:\n  a:\n    submission: SUPPLIER\n"
                + "    sourceId: $.id\n    fields:\n      legalNme: $.name\n");
        String good = SourceMappingTest.PROCURELY.toString();

        assertThatThrownBy(() -> sources(Map.of("sourcing", new InboundSettings.Source(null, null, List.of(secret),
                broken.toString(), null))))
                .hasMessageContaining("mdg.inbound.sources.sourcing.mapping: mapping file " + broken)
                .hasMessageContaining("events.a.fields.legalNme: unknown attribute");
        assertThatThrownBy(() -> sources(Map.of("sourcing", new InboundSettings.Source(null, null, List.of(secret),
                dir.resolve("missing.yaml").toString(), null))))
                .hasMessageContaining("missing.yaml: cannot be read");
        assertThatThrownBy(() -> sources(Map.of("billing", new InboundSettings.Source(null, null, List.of(secret),
                good, null)))).hasMessageContaining("mdg.inbound.sources.billing.system: 'BILLING' is not a source system");
        assertThatThrownBy(() -> sources(Map.of("steward", new InboundSettings.Source(null, null, List.of(secret),
                good, null)))).hasMessageContaining("STEWARD is not a source system that sends webhooks");
        assertThatThrownBy(() -> sources(Map.of("erp", new InboundSettings.Source(null, null, List.of(),
                good, null)))).hasMessageContaining("mdg.inbound.sources.erp: no signing secret");
        assertThatThrownBy(() -> sources(Map.of("erp", new InboundSettings.Source(null, null, List.of(secret),
                null, null)))).hasMessageContaining("mdg.inbound.sources.erp.mapping: missing");
    }

    @Test
    void the_retention_must_outlast_the_replay_window() {
        assertThatThrownBy(() -> new InboundSettings(null, java.time.Duration.ofMinutes(5),
                java.time.Duration.ofMinutes(9), null, null, null, null))
                .hasMessageContaining("at least twice");
    }
}
