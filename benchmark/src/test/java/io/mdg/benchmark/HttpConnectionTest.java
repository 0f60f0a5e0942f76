package io.mdg.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class HttpConnectionTest {

    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer = ("{\"echo\":\"" + new String(body, StandardCharsets.UTF_8) + "\",\"auth\":\""
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // 0: chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.createContext("/fail", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsContentLengthAndChunkedAnswersOnOneKeptAliveConnection() throws IOException {
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            HttpConnection.Response fixed = connection.send(HttpConnection.request("POST", "127.0.0.1", port,
                    "/fixed", "t0k3n", "application/json", "hello".getBytes(StandardCharsets.UTF_8)));
            assertThat(fixed.status()).isEqualTo(200);
            assertThat(fixed.text()).isEqualTo("{\"echo\":\"hello\",\"auth\":\"Bearer t0k3n\"}");
            HttpConnection.Response chunked = connection.send(HttpConnection.request("GET", "127.0.0.1", port,
                    "/chunked", null, null, null));
            assertThat(chunked.text()).startsWith("line 0\n").endsWith("line 49\n");
            HttpConnection.Response again = connection.send(HttpConnection.request("POST", "127.0.0.1", port,
                    "/fixed", null, "text/plain", "x".getBytes(StandardCharsets.UTF_8)));
            assertThat(again.text()).contains("\"echo\":\"x\"");
        }
    }

    @Test
    void reconnectsWhenTheServerClosedTheConnection() throws IOException {
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            byte[] request = HttpConnection.request("GET", "127.0.0.1", port, "/chunked", null, null, null);
            connection.send(request);
            server.stop(0);
            start();
            byte[] moved = HttpConnection.request("GET", "127.0.0.1", port, "/chunked", null, null, null);
            HttpConnection reconnecting = new HttpConnection("127.0.0.1", port);
            assertThat(reconnecting.send(moved).status()).isEqualTo(200);
            assertThat(reconnecting.send(moved).status()).isEqualTo(200);
            reconnecting.close();
        }
    }

    @Test
    void closedAndOpenLoopsCountRequestsAndErrors() throws InterruptedException {
        byte[] ok = HttpConnection.request("GET", "127.0.0.1", port, "/chunked", null, null, null);
        byte[] fail = HttpConnection.request("GET", "127.0.0.1", port, "/fail", null, null, null);
        Load.Result closed = Load.closedLoop(port, 2, Duration.ofMillis(50), Duration.ofSeconds(1),
                n -> n % 2 == 0 ? ok : fail, Load.Check.status200());
        assertThat(closed.requests()).isPositive();
        assertThat(closed.errors()).isPositive().isLessThan(closed.requests());
        assertThat(closed.firstError()).startsWith("HTTP 500");
        Load.Result open = Load.openLoop(port, 2, 100, Duration.ofMillis(100), Duration.ofMillis(300), n -> ok,
                Load.Check.status200());
        // 100/s for 0.3 s after the warm-up: at most the 30 scheduled in the window count, however fast the server
        assertThat(open.requests()).isLessThanOrEqualTo(30L);
        assertThat(open.errors()).isZero();
    }
}
