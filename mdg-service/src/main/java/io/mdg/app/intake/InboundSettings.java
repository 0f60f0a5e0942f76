package io.mdg.app.intake;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Inbound webhooks ({@code mdg.inbound}, README "Inbound webhooks"): the sources that may push to
 * {@code POST /inbound/{source}}, and how their payloads are checked, queued and worked.
 *
 * @param maxPayload          the largest body accepted (413 above it); default 1 MiB
 * @param tolerance           how far a webhook's timestamp may be from now, either way (401 {@code STALE} beyond it);
 *                            default 5 minutes
 * @param retention           how long an entry is kept once processed (its webhook id still drops a redelivery
 *                            within it; its encrypted payload is purged with it); default 7 days, at least twice the
 *                            tolerance
 * @param deadLetterRetention how long a dead letter waits for a replay before it is purged; default 30 days
 * @param purgeInterval       how often each node purges what is past its retention (the same on any node); default
 *                            1 hour
 * @param worker              the queue worker
 * @param sources             the registered sources by the name in the path ({@code /inbound/sourcing}), lower case
 */
@ConfigurationProperties("mdg.inbound")
public record InboundSettings(DataSize maxPayload, Duration tolerance, Duration retention,
                              Duration deadLetterRetention, Duration purgeInterval, Worker worker,
                              Map<String, Source> sources) {

    public InboundSettings {
        maxPayload = maxPayload == null ? DataSize.ofMegabytes(1) : maxPayload;
        tolerance = tolerance == null ? Duration.ofMinutes(5) : tolerance;
        retention = retention == null ? Duration.ofDays(7) : retention;
        deadLetterRetention = deadLetterRetention == null ? Duration.ofDays(30) : deadLetterRetention;
        purgeInterval = purgeInterval == null ? Duration.ofHours(1) : purgeInterval;
        worker = worker == null ? new Worker(null, null, null, null, null, null, null, null) : worker;
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        if (maxPayload.toBytes() < 1 || maxPayload.toBytes() > DataSize.ofMegabytes(64).toBytes()) {
            throw new IllegalArgumentException("mdg.inbound.max-payload must be between 1 byte and 64MB, was "
                    + maxPayload);
        }
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("mdg.inbound.tolerance must be positive, was " + tolerance);
        }
        if (retention.compareTo(tolerance.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("mdg.inbound.retention (" + retention + ") must be at least twice "
                    + "mdg.inbound.tolerance (" + tolerance + "): a redelivery inside the window must still find the "
                    + "webhook id");
        }
    }

    /**
     * The queue worker on each node running the edge.
     *
     * @param threads      worker threads per node (each claims and works its own entries); default 1
     * @param pollInterval how long an idle worker waits before it looks again (a new entry on this node wakes it at
     *                     once); default 1 s
     * @param batch        entries claimed at once; default 10
     * @param lease        how long a claim holds: an entry of a node that died is claimed again after it; default 2 min
     * @param maxAttempts  tries of a failure that may pass (a timeout, the service unavailable) before the entry is a
     *                     dead letter; default 5
     * @param backoffBase  the wait after the first failed try, doubled after each; default 2 s
     * @param backoffMax   the longest wait; default 5 min
     * @param timeout      how long one submission may take; default 30 s
     */
    public record Worker(Integer threads, Duration pollInterval, Integer batch, Duration lease, Integer maxAttempts,
                         Duration backoffBase, Duration backoffMax, Duration timeout) {

        public Worker {
            threads = threads == null ? 1 : threads;
            pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
            batch = batch == null ? 10 : batch;
            lease = lease == null ? Duration.ofMinutes(2) : lease;
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
            backoffBase = backoffBase == null ? Duration.ofSeconds(2) : backoffBase;
            backoffMax = backoffMax == null ? Duration.ofMinutes(5) : backoffMax;
            timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
            if (threads < 0 || batch < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("mdg.inbound.worker: threads >= 0, batch >= 1 and max-attempts >= 1");
            }
            if (lease.compareTo(timeout) <= 0) {
                throw new IllegalArgumentException("mdg.inbound.worker.lease (" + lease + ") must be longer than "
                        + "mdg.inbound.worker.timeout (" + timeout + ")");
            }
        }
    }

    /**
     * A source registered for webhooks.
     *
     * @param system    the source system it submits as (default: the name in upper case, {@code -} as {@code _})
     * @param clientId  the identity-provider client it acts as, the actor of its submissions and the scope of its
     *                  idempotency keys (default: the name, as the realm's clients are named: {@code sourcing})
     * @param secrets   its signing secrets, the current one first; more than one while a rotation overlaps
     * @param mapping   its mapping file (YAML)
     * @param signature how it signs (default Standard Webhooks)
     */
    public record Source(String system, String clientId, List<String> secrets, String mapping, Signature signature) {

        public Source {
            secrets = secrets == null ? List.of() : secrets.stream().map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
            signature = signature == null ? new Signature(null, null, null, null, null, null) : signature;
        }

        String systemFor(String name) {
            return system == null || system.isBlank() ? name.toUpperCase(Locale.ROOT).replace('-', '_')
                    : system.strip().toUpperCase(Locale.ROOT);
        }

        String clientIdFor(String name) {
            return clientId == null || clientId.isBlank() ? name.toLowerCase(Locale.ROOT) : clientId.strip();
        }
    }

    /**
     * A source's signature scheme.
     *
     * @param scheme          {@code standard-webhooks} (default: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">},
     *                        secrets {@code whsec_<base64>}) or {@code hmac-sha256} (an HMAC-SHA256 of the body alone,
     *                        e.g. {@code X-Signature: sha256=<hex>}; a secret {@code whsec_<base64>} or the text the
     *                        platform issued, as its UTF-8 bytes)
     * @param signatureHeader the header of the signature (default {@code webhook-signature})
     * @param idHeader        the header of the delivery id, the duplicate check (default {@code webhook-id})
     * @param timestampHeader the header of the sending time in epoch seconds (default {@code webhook-timestamp});
     *                        for {@code hmac-sha256} it may be set empty when the platform sends none: then only the
     *                        delivery id protects against a replay
     * @param prefix          {@code hmac-sha256}: what precedes the digest in the header (e.g. {@code sha256=})
     * @param encoding        {@code hmac-sha256}: {@code hex} (default) or {@code base64}
     */
    public record Signature(String scheme, String signatureHeader, String idHeader, String timestampHeader,
                            String prefix, String encoding) {

        public static final String STANDARD_WEBHOOKS = "standard-webhooks";
        public static final String HMAC_SHA256 = "hmac-sha256";

        public Signature {
            scheme = scheme == null || scheme.isBlank() ? STANDARD_WEBHOOKS : scheme.strip().toLowerCase(Locale.ROOT);
            signatureHeader = signatureHeader == null || signatureHeader.isBlank() ? "webhook-signature"
                    : signatureHeader.strip();
            idHeader = idHeader == null || idHeader.isBlank() ? "webhook-id" : idHeader.strip();
            // null: the default; "" (set empty): none, for hmac-sha256 only
            timestampHeader = timestampHeader == null ? "webhook-timestamp" : timestampHeader.strip();
            prefix = prefix == null ? "" : prefix;
            encoding = encoding == null || encoding.isBlank() ? "hex" : encoding.strip().toLowerCase(Locale.ROOT);
        }
    }
}
