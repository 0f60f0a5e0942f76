package io.mdg.app.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tamper-evident audit of the PostgreSQL event store (README, "Audit trail"; SECURITY.md): the chain kept at
 * append time ({@link AuditChainSchema}, installed with Axon's tables), the signed checkpoints and their export
 * ({@link AuditCheckpoints}), and the verification ({@link AuditVerifier}). Not with Axon Server (whose event store
 * is not this database).
 *
 * <p>The checkpoints' signing key ring is {@code mdg.audit.signing-keys} ({@code MDG_AUDIT_SIGNING_KEYS}:
 * {@code id:base64 32-byte Ed25519 private key,...}, the first one signing). Without it, the embedded default keeps a
 * generated key in {@code <data dir>/audit-signing-keys} (owner-only); with an external PostgreSQL it must be set (the
 * same ring on every node), or start-up stops.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    public AuditSigningKeys auditSigningKeys(@Value("${mdg.audit.signing-keys:}") String ring,
                                             @Value("${mdg.data-dir:./data}") String dataDir,
                                             @Value("${mdg.postgres.url:}") String externalPostgres) throws IOException {
        return signingKeys(ring, Path.of(dataDir), externalPostgres);
    }

    static AuditSigningKeys signingKeys(String ring, Path dataDir, String externalPostgres) throws IOException {
        if (!ring.isBlank()) {
            return AuditSigningKeys.parse(ring);
        }
        if (!externalPostgres.isBlank()) {
            throw new IllegalStateException("MDG_AUDIT_SIGNING_KEYS (mdg.audit.signing-keys) must be set with an "
                    + "external PostgreSQL (MDG_POSTGRES_URL): every node signs the audit checkpoints with the same "
                    + "key; generate one with `openssl rand -base64 32` and set MDG_AUDIT_SIGNING_KEYS=a1:<that value> "
                    + "on every node (kept away from the database's administrators)");
        }
        Path file = dataDir.resolve("audit-signing-keys");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, AuditSigningKeys.newKey("a" + LocalDate.now().toString().replace("-", ""))
                    + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("Generated the audit checkpoints' signing key in {}", file);
        }
        return AuditSigningKeys.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    @Bean
    public AuditCheckpoints auditCheckpoints(DataSource dataSource, AuditSigningKeys keys,
                                             @Value("${mdg.audit.checkpoint-interval:1m}") Duration interval,
                                             @Value("${mdg.audit.checkpoint-export:}") String export,
                                             @Value("${mdg.data-dir:./data}") String dataDir) {
        return new AuditCheckpoints(dataSource, keys, interval, exportFile(export, dataDir));
    }

    @Bean
    public AuditVerifier auditVerifier(DataSource dataSource, AuditSigningKeys keys,
                                       @Value("${mdg.audit.checkpoint-export:}") String export,
                                       @Value("${mdg.data-dir:./data}") String dataDir,
                                       @Value("${mdg.audit.verify-max-entries:1000000}") long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("mdg.audit.verify-max-entries must be at least 1, not " + maxEntries);
        }
        return new AuditVerifier(dataSource, keys, exportFile(export, dataDir), maxEntries);
    }

    private static Path exportFile(String export, String dataDir) {
        return (export.isBlank() ? Path.of(dataDir).resolve("audit-checkpoints.jsonl") : Path.of(export))
                .toAbsolutePath().normalize();
    }
}
