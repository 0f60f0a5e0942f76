package io.mdg.app.intake;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.mdg.app.intake.InboundRefusal.Reason;
import io.mdg.graphql.correlation.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /inbound/{source}}: a registered source's webhook. No bearer token: the sender is verified by its
 * signature ({@link WebhookVerifier}); the security filter chain lets exactly this path through to here. The body
 * is checked (size, JSON media type, signature, time window, well-formed JSON) before anything is kept, and
 * answered {@code 202 {status: QUEUED, correlationId, webhookId}} once it is durably queued in PostgreSQL; a
 * redelivery of a webhook id the source sent before is answered {@code 200 {status: DUPLICATE, ...}} with the first
 * delivery's correlation id and nothing queued. A refusal answers its status (401, 400, 404, 413, 415) and
 * {@code {code, message}}, and counts in {@code mdg_inbound_refused_total{source, reason}}.
 */
@RestController
@Profile("edge")
public class InboundController {

    public static final String PATH = "/inbound/{source}";

    private final InboundSources sources;
    private final InboundQueue queue;
    private final InboundWorker worker;
    private final InboundSettings settings;
    private final ObjectMapper strict;
    private final MeterRegistry meters;
    private final Clock clock;

    public InboundController(InboundSources sources, InboundQueue queue, InboundWorker worker,
                             InboundSettings settings, ObjectMapper objectMapper, MeterRegistry meters) {
        this.sources = sources;
        this.queue = queue;
        this.worker = worker;
        this.settings = settings;
        this.strict = objectMapper.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    @PostMapping(PATH)
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String source, HttpServletRequest request,
                                                       HttpServletResponse response) throws IOException {
        InboundSource registered = sources.find(source).orElse(null);
        String tag = registered == null ? "unknown" : registered.name();
        try {
            if (registered == null) {
                throw new InboundRefusal(Reason.UNKNOWN_SOURCE, "no source '" + abbreviate(source)
                        + "' is registered for webhooks");
            }
            long max = settings.maxPayload().toBytes();
            if (request.getContentLengthLong() > max) {
                throw new InboundRefusal(Reason.TOO_LARGE, "the payload has " + request.getContentLengthLong()
                        + " bytes; at most " + max + " are accepted (mdg.inbound.max-payload)");
            }
            if (!json(request.getContentType())) {
                throw new InboundRefusal(Reason.UNSUPPORTED_MEDIA_TYPE, "the payload must be JSON "
                        + "(Content-Type application/json), not " + (request.getContentType() == null ? "untyped"
                        : "'" + abbreviate(request.getContentType()) + "'"));
            }
            byte[] body = read(request.getInputStream(), max);
            WebhookVerifier.Verified verified = registered.verifier().verify(request::getHeader, body,
                    clock.instant());
            checkJson(body);
            InboundQueue.Enqueued queued = queue.enqueue(registered.name(), verified.webhookId(),
                    Correlation.current(), body, clock.instant());
            meters.counter("mdg.inbound.received", "source", tag, "outcome",
                    queued.duplicate() ? "duplicate" : "queued").increment();
            if (!queued.duplicate()) {
                worker.wake();
            }
            response.setHeader(Correlation.HEADER, queued.correlationId());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", queued.duplicate() ? "DUPLICATE" : "QUEUED");
            answer.put("correlationId", queued.correlationId());
            answer.put("webhookId", verified.webhookId());
            if (queued.duplicate()) {
                answer.put("entryStatus", queued.status().name());
            }
            return ResponseEntity.status(queued.duplicate() ? 200 : 202).contentType(MediaType.APPLICATION_JSON)
                    .body(answer);
        } catch (InboundRefusal refusal) {
            meters.counter("mdg.inbound.refused", "source", tag, "reason", refusal.reason().name()).increment();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("code", refusal.reason().name());
            answer.put("message", refusal.getMessage());
            return ResponseEntity.status(refusal.reason().status()).contentType(MediaType.APPLICATION_JSON)
                    .body(answer);
        }
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getType().equals("application") && (type.getSubtype().equals("json")
                    || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return false;
        }
    }

    /** The body, at most {@code max} bytes (a body without a Content-Length is counted as it is read). */
    private static byte[] read(InputStream in, long max) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (body.length > max) {
            throw new InboundRefusal(Reason.TOO_LARGE, "the payload has more than " + max + " bytes "
                    + "(mdg.inbound.max-payload)");
        }
        return body;
    }

    private void checkJson(byte[] body) {
        JsonNode tree;
        try {
            tree = strict.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InboundRefusal(Reason.MALFORMED, "the payload is not valid JSON: "
                    + abbreviate(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InboundRefusal(Reason.MALFORMED, "the payload cannot be read");
        }
        if (tree == null || !tree.isObject()) {
            throw new InboundRefusal(Reason.MALFORMED, "the payload must be a JSON object");
        }
    }

    private static String abbreviate(String s) {
        return SourceMapping.abbreviate(s);
    }
}
