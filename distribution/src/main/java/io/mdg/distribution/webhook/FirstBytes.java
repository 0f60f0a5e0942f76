package io.mdg.distribution.webhook;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read only as far as its first {@code limit} bytes, as text: enough to tell an operator what the
 * receiver said, never a whole (possibly endless) answer kept in memory. Once the limit is reached the rest is not
 * read (the connection is then closed rather than reused). A body broken off midway is what arrived of it: the
 * status line decided the outcome already.
 */
final class FirstBytes implements HttpResponse.BodySubscriber<String> {

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> text = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /** Reads at most {@code limit} bytes of a response. */
    FirstBytes(int limit) {
        this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int take = Math.min(buffer.remaining(), limit - bytes.size());
            byte[] chunk = new byte[take];
            buffer.get(chunk);
            bytes.write(chunk, 0, take);
        }
        if (bytes.size() >= limit) {
            subscription.cancel();
            complete();
        } else {
            subscription.request(1);
        }
    }

    /** The body only tells an operator what the receiver said: what arrived before the failure is kept. */
    @Override
    public void onError(Throwable error) {
        complete();
    }

    @Override
    public void onComplete() {
        complete();
    }

    @Override
    public CompletionStage<String> getBody() {
        return text;
    }

    private void complete() {
        text.complete(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
}
