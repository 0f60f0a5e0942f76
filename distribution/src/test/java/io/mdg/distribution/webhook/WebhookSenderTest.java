package io.mdg.distribution.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.mdg.distribution.webhook.DeliveryOutcome.Status;
import io.mdg.distribution.webhook.Receiver.Answer;
import io.mdg.rules.consumer.EndpointPolicy;

/** The sender against real receivers on the loopback interface, each stopped after its test. */
class WebhookSenderTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BODY = "{\"type\":\"golden-record.updated\",\"id\":\"ITEM-00042\","
            + "\"name\":\"Gaze steril 10×10 cm\",\"version\":7}";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Generous: a receiver's answer on a busy build machine can take a while; the timeout tests set their own. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String secret = newSecret();
    private final List<Receiver> receivers = new ArrayList<>();
    private final WebhookSender sender = new WebhookSender(EndpointPolicy.permissive(EndpointPolicy.Resolver.SYSTEM),
            CONNECT_TIMEOUT, REQUEST_TIMEOUT);

    @AfterEach
    void stopReceivers() {
        receivers.forEach(Receiver::stop);
    }

    @Test
    void a_receiver_verifying_with_the_library_gets_the_signed_json_post() throws IOException {
        Receiver receiver = receiver(secret, call -> Answer.of(204));
        Instant now = Instant.now();

        DeliveryOutcome outcome = send(receiver, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", now, SigningSecrets.of(secret));

        assertThat(outcome).isEqualTo(DeliveryOutcome.delivered("HTTP 204"));
        assertThat(receiver.received()).singleElement().satisfies(request -> {
            assertThat(request.verified()).isTrue();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.body()).isEqualTo(BODY);
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("webhook-id")).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
            assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(now.getEpochSecond()));
            assertThat(request.header("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");
        });
    }

    @Test
    void a_batch_of_cloud_events_goes_with_its_own_media_type_and_a_signature_over_its_bytes() throws IOException {
        Receiver receiver = receiver(secret, call -> Answer.of(200));
        String batch = "[" + BODY + "," + BODY + "]";

        DeliveryOutcome outcome = sender.send(receiver.url(), "msg_batch", Instant.now(),
                "application/cloudevents-batch+json", batch, SigningSecrets.of(secret));

        assertThat(outcome.status()).isEqualTo(Status.DELIVERED);
        assertThat(receiver.received()).singleElement().satisfies(request -> {
            assertThat(request.verified()).isTrue();
            assertThat(request.body()).isEqualTo(batch);
            assertThat(request.header("Content-Type")).isEqualTo("application/cloudevents-batch+json");
        });
    }

    @Test
    void a_receiver_knowing_another_secret_refuses_the_message_and_it_fails() throws IOException {
        Receiver receiver = receiver(newSecret(), call -> Answer.of(204));

        DeliveryOutcome outcome = send(receiver, "msg_1", Instant.now(), SigningSecrets.of(secret));

        assertThat(outcome).isEqualTo(DeliveryOutcome.failed("HTTP 401: bad signature"));
        assertThat(receiver.received()).singleElement().extracting(Receiver.Received::verified).isEqualTo(false);
    }

    @Test
    void during_a_rotation_receivers_knowing_only_the_old_or_only_the_new_secret_both_accept_the_message()
            throws IOException {
        String previous = newSecret();
        String current = newSecret();
        Receiver notYetRotated = receiver(previous, call -> Answer.of(200));
        Receiver rotated = receiver(current, call -> Answer.of(200));
        SigningSecrets overlap = SigningSecrets.rotating(current, previous);
        Instant now = Instant.now();

        DeliveryOutcome toOld = send(notYetRotated, "msg_rotation", now, overlap);
        DeliveryOutcome toNew = send(rotated, "msg_rotation", now, overlap);

        assertThat(List.of(toOld, toNew)).extracting(DeliveryOutcome::status).containsOnly(Status.DELIVERED);
        Receiver.Received old = notYetRotated.received().get(0);
        Receiver.Received fresh = rotated.received().get(0);
        assertThat(old.verified()).isTrue();
        assertThat(fresh.verified()).isTrue();
        assertThat(old.header("webhook-signature")).isEqualTo(fresh.header("webhook-signature"))
                .matches("v1,\\S+ v1,\\S+");
    }

    @Test
    void a_receiver_failing_twice_then_succeeding_gives_retry_retry_delivered() throws IOException {
        Receiver receiver = receiver(secret, call -> call <= 2 ? Answer.of(503, "warming up") : Answer.of(200, "ok"));
        SigningSecrets secrets = SigningSecrets.of(secret);

        List<DeliveryOutcome> outcomes = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            outcomes.add(send(receiver, "msg_flaky", Instant.now(), secrets));
        }

        assertThat(outcomes).containsExactly(
                DeliveryOutcome.retry("HTTP 503: warming up", Optional.empty()),
                DeliveryOutcome.retry("HTTP 503: warming up", Optional.empty()),
                DeliveryOutcome.delivered("HTTP 200: ok"));
        assertThat(receiver.received()).hasSize(3).allMatch(Receiver.Received::verified)
                .extracting(request -> request.header("webhook-id")).containsOnly("msg_flaky");
    }

    @Test
    void too_many_requests_with_retry_after_in_seconds_is_retried_after_that_wait() throws IOException {
        Receiver receiver = receiver(secret, call -> Answer.of(429, "slow down").with("Retry-After", "7"));

        DeliveryOutcome outcome = send(receiver, "msg_1", Instant.now(), SigningSecrets.of(secret));

        assertThat(outcome).isEqualTo(
                DeliveryOutcome.retry("HTTP 429 (Retry-After 7 s): slow down", Optional.of(Duration.ofSeconds(7))));
    }

    @Test
    void too_many_requests_with_retry_after_as_an_http_date_is_retried_after_that_date() throws IOException {
        Instant in120Seconds = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(120);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(in120Seconds.atOffset(ZoneOffset.UTC));
        Receiver receiver = receiver(secret, call -> Answer.of(429).with("Retry-After", date));

        DeliveryOutcome outcome = send(receiver, "msg_1", Instant.now(), SigningSecrets.of(secret));

        assertThat(outcome.status()).isEqualTo(Status.RETRY);
        assertThat(outcome.retryAfter()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120)));
        assertThat(outcome.description()).startsWith("HTTP 429 (Retry-After 1");
    }

    @Test
    void a_request_timeout_answer_is_retried() throws IOException {
        Receiver receiver = receiver(secret, call -> Answer.of(408));

        assertThat(send(receiver, "msg_1", Instant.now(), SigningSecrets.of(secret)))
                .isEqualTo(DeliveryOutcome.retry("HTTP 408", Optional.empty()));
    }

    @Test
    void a_server_error_is_retried_and_described_by_the_start_of_its_body() throws IOException {
        String stackTrace = "java.lang.NullPointerException\n\tat com.erp.Import.run(Import.java:42)\n"
                + "\tat ".repeat(300);
        Receiver receiver = receiver(secret, call -> Answer.of(500, stackTrace));

        DeliveryOutcome outcome = send(receiver, "msg_1", Instant.now(), SigningSecrets.of(secret));

        assertThat(outcome.status()).isEqualTo(Status.RETRY);
        assertThat(outcome.retryAfter()).isEmpty();
        assertThat(outcome.description())
                .startsWith("HTTP 500: java.lang.NullPointerException at com.erp.Import.run(Import.java:42) at")
                .endsWith("…")
                .hasSize("HTTP 500: ".length() + WebhookSender.DESCRIPTION_CHARS + 1)
                .doesNotContain("\n", "\t");
    }

    @Test
    void not_found_fails_for_good() throws IOException {
        Receiver receiver = receiver(secret, call -> Answer.of(404, "{\"error\":\"no such hook\"}"));

        DeliveryOutcome outcome = send(receiver, "msg_1", Instant.now(), SigningSecrets.of(secret));

        assertThat(outcome).isEqualTo(DeliveryOutcome.failed("HTTP 404: {\"error\":\"no such hook\"}"));
    }

    @Test
    void a_redirect_is_not_followed_and_fails() throws IOException {
        Receiver target = receiver(secret, call -> Answer.of(200));
        Receiver redirecting = receiver(secret, call -> Answer.of(307).with("Location", target.url()));

        DeliveryOutcome outcome = send(redirecting, "msg_1", Instant.now(), SigningSecrets.of(secret));

        assertThat(outcome).isEqualTo(DeliveryOutcome.failed("HTTP 307: redirect to " + target.url()
                + " not followed (register the final URL)"));
        assertThat(target.received()).isEmpty();
    }

    @Test
    void a_hanging_receiver_is_retried_with_a_timeout_within_the_request_timeout() throws IOException {
        Receiver receiver = receiver(secret, call -> Answer.HANG);
        Duration timeout = Duration.ofMillis(400);
        WebhookSender impatient = new WebhookSender(EndpointPolicy.permissive(EndpointPolicy.Resolver.SYSTEM),
                CONNECT_TIMEOUT, timeout);

        long started = System.nanoTime();
        DeliveryOutcome outcome = impatient.send(receiver.url(), "msg_1", Instant.now(), BODY,
                SigningSecrets.of(secret));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(outcome).isEqualTo(DeliveryOutcome.retry(
                "timed out: no answer within the request timeout of 400 ms", Optional.empty()));
        assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(2));
    }

    @Test
    void an_answer_whose_body_never_ends_is_judged_by_its_status_line_once_the_deadline_passes() throws IOException {
        Receiver accepting = receiver(secret, call -> Answer.of(202, "accepted, and then…").neverEnding());
        Receiver unavailable = receiver(secret, call -> Answer.of(503, "down").neverEnding());
        WebhookSender impatient = new WebhookSender(EndpointPolicy.permissive(EndpointPolicy.Resolver.SYSTEM),
                Duration.ofMillis(200), Duration.ofMillis(300));

        long started = System.nanoTime();
        DeliveryOutcome accepted = impatient.send(accepting.url(), "msg_1", Instant.now(), BODY,
                SigningSecrets.of(secret));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        DeliveryOutcome down = impatient.send(unavailable.url(), "msg_1", Instant.now(), BODY,
                SigningSecrets.of(secret));

        assertThat(accepted).isEqualTo(DeliveryOutcome.delivered("HTTP 202 (the answer did not end within 500 ms)"));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofMillis(2500));
        assertThat(down).isEqualTo(
                DeliveryOutcome.retry("HTTP 503 (the answer did not end within 500 ms)", Optional.empty()));
    }

    @Test
    void a_host_that_does_not_resolve_at_delivery_is_retried_as_dns_may_recover() {
        EndpointPolicy policy = EndpointPolicy.production(host -> {
            throw new UnknownHostException(host);
        });

        DeliveryOutcome outcome = new WebhookSender(policy, CONNECT_TIMEOUT, REQUEST_TIMEOUT)
                .send("https://erp.example.com/hook", "msg_1", Instant.now(), BODY, SigningSecrets.of(secret));

        assertThat(outcome).isEqualTo(DeliveryOutcome.retry("Webhook endpoint https://erp.example.com/hook refused:"
                + " host erp.example.com does not resolve", Optional.empty()));
    }

    @Test
    void nobody_listening_is_a_connection_failure_to_retry() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        DeliveryOutcome outcome = sender.send("http://127.0.0.1:" + port + "/hook", "msg_1", Instant.now(), BODY,
                SigningSecrets.of(secret));

        assertThat(outcome.status()).isEqualTo(Status.RETRY);
        assertThat(outcome.description()).startsWith("connection failed: ConnectException");
    }

    @Test
    void an_endpoint_the_policy_refuses_fails_without_a_request() throws IOException {
        Receiver receiver = receiver(secret, call -> Answer.of(200));
        WebhookSender production = new WebhookSender(EndpointPolicy.production(EndpointPolicy.Resolver.SYSTEM),
                CONNECT_TIMEOUT, REQUEST_TIMEOUT);

        DeliveryOutcome outcome = production.send(receiver.url(), "msg_1", Instant.now(), BODY,
                SigningSecrets.of(secret));

        assertThat(outcome).isEqualTo(DeliveryOutcome.failed("Webhook endpoint " + receiver.url()
                + " refused: scheme http is not allowed; webhooks are delivered over https only"));
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void the_endpoint_is_checked_again_at_each_delivery_so_a_changed_dns_answer_is_refused() throws IOException {
        AtomicReference<String> dns = new AtomicReference<>("93.184.216.34");
        EndpointPolicy policy = EndpointPolicy.production(host -> InetAddress.getAllByName(dns.get()));
        String endpoint = "https://erp.example.com/hooks/mdg";
        assertThat(policy.check(endpoint).allowed()).as("at registration").isTrue();

        dns.set("169.254.169.254");
        DeliveryOutcome outcome = new WebhookSender(policy, CONNECT_TIMEOUT, REQUEST_TIMEOUT)
                .send(endpoint, "msg_1", Instant.now(), BODY, SigningSecrets.of(secret));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.description()).contains(endpoint, "169.254.169.254", "link-local");
    }

    @Test
    void no_secret_appears_in_outcomes_or_in_what_the_secrets_show() throws IOException {
        Receiver receiver = receiver(secret, call -> Answer.of(400, "bad request"));
        String previous = newSecret();
        SigningSecrets secrets = SigningSecrets.rotating(secret, previous);

        DeliveryOutcome outcome = send(receiver, "msg_1", Instant.now(), secrets);

        String key = secret.substring("whsec_".length());
        String previousKey = previous.substring("whsec_".length());
        assertThat(outcome.toString()).doesNotContain(key, previousKey);
        assertThat(secrets.toString()).isEqualTo("SigningSecrets[2 secret(s), redacted]")
                .doesNotContain(key, previousKey);
    }

    @Test
    void malformed_secrets_are_refused_without_showing_them() {
        String notBase64 = "whsec_SECRET-MATERIAL!!";
        String tooShort = "whsec_" + Base64.getEncoder().encodeToString("SECRET-MATERIAL".getBytes());

        assertThatThrownBy(() -> SigningSecrets.of("SECRET-MATERIAL"))
                .hasMessage("the current signing secret is not of the form whsec_<base64>");
        assertThatThrownBy(() -> SigningSecrets.rotating(secret, notBase64))
                .hasMessage("the previous signing secret is not valid base64 after whsec_").hasNoCause();
        assertThatThrownBy(() -> SigningSecrets.of(tooShort))
                .hasMessage("the current signing secret holds a key of 15 bytes; between 24 and 64 are required");
    }

    @Test
    void a_malformed_message_id_is_a_programming_error() {
        SigningSecrets secrets = SigningSecrets.of(secret);

        for (String id : new String[] {"", "msg 1", "msg\r\nX-Injected: 1", "x".repeat(257)}) {
            assertThatThrownBy(() -> sender.send("http://127.0.0.1:1/", id, Instant.now(), BODY, secrets))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private Receiver receiver(String knownSecret, Receiver.Script script) throws IOException {
        Receiver receiver = Receiver.start(knownSecret, script);
        receivers.add(receiver);
        return receiver;
    }

    private DeliveryOutcome send(Receiver receiver, String messageId, Instant timestamp, SigningSecrets secrets) {
        return sender.send(receiver.url(), messageId, timestamp, BODY, secrets);
    }

    /** A secret as the consumer registry makes them: whsec_ and 32 random bytes in base64. */
    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
