package io.mdg.distribution.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.mdg.rules.consumer.EndpointPolicy;

/**
 * Sends one webhook message, signed as Standard Webhooks specifies, and says what became of it. Thread-safe; one
 * sender (and its HTTP client's connection pool) serves every consumer.
 *
 * <p>Each message is a {@code POST} of the JSON body with the headers {@code webhook-id}, {@code webhook-timestamp}
 * (seconds) and {@code webhook-signature} (one {@code v1,<signature>} per secret). Redirects are not followed and no
 * proxy is used, so the request goes only to the address the endpoint policy has just checked.
 *
 * <p>The endpoint is checked against the {@link EndpointPolicy} again right before every attempt, with a fresh name
 * resolution, since what a host resolves to may have changed since the consumer registered it. The JDK client then
 * resolves the host itself (it cannot be handed the checked address without losing TLS host-name verification), but
 * through the JVM's address cache, which holds the answer just checked (30 s by default).
 *
 * <p>{@link #send} never throws for network or HTTP failures: they are {@link DeliveryOutcome outcomes}.
 */
public final class WebhookSender {

    /** How much of an answer's body is read, to describe it. */
    static final int BODY_BYTES_READ = 512;
    /** How many characters of an answer or error an outcome's description shows. */
    static final int DESCRIPTION_CHARS = 200;

    private static final int MAX_MESSAGE_ID_LENGTH = 256;
    private static final String JSON = "application/json";

    private final EndpointPolicy policy;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HttpClient client;

    /**
     * @param policy         which endpoints may receive messages
     * @param connectTimeout how long to wait for a connection (TCP and TLS)
     * @param requestTimeout how long to wait for the answer once the request is under way
     */
    public WebhookSender(EndpointPolicy policy, Duration connectTimeout, Duration requestTimeout) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Posts {@code body} to {@code endpoint}, signed with each of {@code secrets}.
     *
     * @param endpoint  the consumer's URL, checked against the policy first
     * @param messageId the message's id ({@code webhook-id}), the same on every attempt of one message so the
     *                  receiver can drop duplicates: 1 to 256 visible ASCII characters
     * @param timestamp when the message was sent ({@code webhook-timestamp}): receivers refuse stale timestamps,
     *                  so this is the attempt's time
     * @param body      the JSON document, sent as UTF-8
     * @param secrets   the consumer's signing secret(s)
     * @return delivered (2xx), to be retried (timeout, connection failure, 5xx, 429, 408, a host that does not
     *         resolve) or failed for good (other answers, an endpoint the policy refuses)
     * @throws IllegalArgumentException for arguments no attempt could send (a malformed message id)
     */
    public DeliveryOutcome send(String endpoint, String messageId, Instant timestamp, String body,
            SigningSecrets secrets) {
        return send(endpoint, messageId, timestamp, JSON, body, secrets);
    }

    /**
     * As {@link #send(String, String, Instant, String, SigningSecrets)}, with the body's media type, e.g.
     * {@code application/cloudevents-batch+json} for a batch of CloudEvents (the signature covers the body only).
     */
    public DeliveryOutcome send(String endpoint, String messageId, Instant timestamp, String contentType, String body,
            SigningSecrets secrets) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(secrets, "secrets");
        checkMessageId(messageId);
        EndpointPolicy.Verdict verdict = policy.check(endpoint);
        if (verdict instanceof EndpointPolicy.Refused refused) {
            // A host that does not resolve may again (a DNS outage); a refused URL or address will not change.
            return refused.unresolved() ? DeliveryOutcome.retry(refused.message(), Optional.empty())
                    : DeliveryOutcome.failed(refused.message());
        }
        URI uri = ((EndpointPolicy.Allowed) verdict).uri();
        long seconds = timestamp.getEpochSecond();
        AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
        CompletableFuture<HttpResponse<String>> exchange;
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(requestTimeout)
                    .header("Content-Type", contentType)
                    .header("User-Agent", "mdg-distribution")
                    .header("webhook-id", messageId)
                    .header("webhook-timestamp", Long.toString(seconds))
                    .header("webhook-signature", secrets.signature(messageId, seconds, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            exchange = client.sendAsync(request, info -> {
                head.set(info);
                return new FirstBytes(BODY_BYTES_READ);
            });
        } catch (IllegalArgumentException e) {
            return DeliveryOutcome.failed("the HTTP client cannot send to this URL: " + describe(e));
        }
        return await(exchange, head);
    }

    /**
     * Waits for the answer. The client's timeouts end a connection or a wait for the status line; this deadline also
     * bounds a body that never ends, after which the status line, if it came, decides.
     */
    private DeliveryOutcome await(CompletableFuture<HttpResponse<String>> exchange,
            AtomicReference<HttpResponse.ResponseInfo> head) {
        Duration deadline = connectTimeout.plus(requestTimeout);
        try {
            HttpResponse<String> response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return outcome(response.statusCode(), response.headers(), said(response.body()));
        } catch (ExecutionException e) {
            return outcome(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            HttpResponse.ResponseInfo info = head.get();
            String late = "the answer did not end within " + deadline.toMillis() + " ms";
            return info == null ? DeliveryOutcome.retry("timed out: " + late, Optional.empty())
                    : outcome(info.statusCode(), info.headers(), " (" + late + ")");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryOutcome.retry("interrupted while waiting for the answer", Optional.empty());
        }
    }

    /**
     * An answer's outcome: 2xx delivered; 5xx, 429 and 408 retried; anything else failed. {@code said} ends the
     * description (what the body said).
     */
    private static DeliveryOutcome outcome(int status, HttpHeaders headers, String said) {
        if (status >= 200 && status < 300) {
            return DeliveryOutcome.delivered("HTTP " + status + said);
        }
        if (status >= 500 && status < 600 || status == 429 || status == 408) {
            Optional<Duration> retryAfter = headers.firstValue("Retry-After")
                    .flatMap(value -> RetryAfter.parse(value, Instant.now()));
            String asked = retryAfter.map(wait -> " (Retry-After " + wait.toSeconds() + " s)").orElse("");
            return DeliveryOutcome.retry("HTTP " + status + asked + said, retryAfter);
        }
        if (status >= 300 && status < 400) {
            String location = headers.firstValue("Location").map(WebhookSender::shown).orElse("nowhere");
            return DeliveryOutcome.failed("HTTP " + status + ": redirect to " + location
                    + " not followed (register the final URL)" + said);
        }
        return DeliveryOutcome.failed("HTTP " + status + said);
    }

    /** A failure without an answer: timeouts and connection or I/O errors are retried, anything else is not. */
    private DeliveryOutcome outcome(Throwable error) {
        if (error instanceof HttpConnectTimeoutException) {
            return DeliveryOutcome.retry("connect timed out after " + connectTimeout.toMillis() + " ms",
                    Optional.empty());
        }
        if (error instanceof HttpTimeoutException) {
            return DeliveryOutcome.retry("timed out: no answer within the request timeout of "
                    + requestTimeout.toMillis() + " ms", Optional.empty());
        }
        if (error instanceof ConnectException) {
            return DeliveryOutcome.retry("connection failed: " + describe(error), Optional.empty());
        }
        if (error instanceof IOException) {
            return DeliveryOutcome.retry("I/O error: " + describe(error), Optional.empty());
        }
        return DeliveryOutcome.failed("unexpected error: " + describe(error));
    }

    /** The start of what the receiver said, for the description: {@code ": <text>"}, or nothing for no body. */
    private static String said(String body) {
        String shown = shown(body == null ? "" : body);
        return shown.isEmpty() ? "" : ": " + shown;
    }

    /** An exception and its causes, class names and messages: no secret ever reaches an exception. */
    private static String describe(Throwable error) {
        StringBuilder described = new StringBuilder();
        Throwable current = error;
        for (int depth = 0; current != null && depth < 3; depth++, current = current.getCause()) {
            if (depth > 0) {
                described.append(" <- ");
            }
            described.append(current.getClass().getSimpleName());
            if (current.getMessage() != null) {
                described.append(": ").append(current.getMessage());
            }
        }
        return shown(described.toString());
    }

    /** Text for a description: control characters and runs of white space made one space, length bounded. */
    private static String shown(String text) {
        String flat = text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
        return flat.length() <= DESCRIPTION_CHARS ? flat : flat.substring(0, DESCRIPTION_CHARS) + "…";
    }

    private static void checkMessageId(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        if (messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID_LENGTH
                || !messageId.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("a message id is 1 to " + MAX_MESSAGE_ID_LENGTH
                    + " visible ASCII characters");
        }
    }

    private static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
        return duration;
    }
}
