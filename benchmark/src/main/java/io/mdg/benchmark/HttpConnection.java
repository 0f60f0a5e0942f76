package io.mdg.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One keep-alive HTTP/1.1 connection with blocking I/O, for the load loops: the request is written as prepared bytes
 * and the answer read with {@code Content-Length} or {@code chunked} framing. Far cheaper per request than
 * {@code java.net.http.HttpClient}, which matters when the client shares the machine's two cores with the service
 * it measures. Not thread-safe: one connection per load thread. Reconnects when the server closed the connection.
 */
final class HttpConnection implements AutoCloseable {

    /** A status and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The bytes of a request (headers and body) that {@link #send(byte[])} writes as they are. */
    static byte[] request(String method, String host, int port, String path, String bearer, String contentType,
                          byte[] body) {
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Accept: application/json\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Sends the prepared request and reads the whole answer; one retry on a fresh connection if the old one died. */
    Response send(byte[] request) throws IOException {
        boolean fresh = socket == null;
        try {
            return exchange(request);
        } catch (IOException e) {
            closeQuietly();
            if (fresh) {
                throw e;
            }
            return exchange(request);
        }
    }

    /**
     * Sends the request from a second thread while this one reads the answer, on a fresh connection: for a server
     * that streams its answer while it still reads a large request (the file import). Writing the whole request
     * before reading, as {@code java.net.http.HttpClient} does with HTTP/1.1, deadlocks there once both directions'
     * buffers are full.
     */
    Response sendWhileReading(byte[] request) throws IOException {
        closeQuietly();
        connect();
        OutputStream target = out;
        AtomicReference<IOException> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                target.write(request);
                target.flush();
            } catch (IOException e) {
                failed.set(e);
            }
        }, "request-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            return readAnswer();
        } catch (IOException e) {
            if (failed.get() != null) {
                e.addSuppressed(failed.get());
            }
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(120_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    private Response exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request);
        out.flush();
        return readAnswer();
    }

    private Response readAnswer() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String header;
        while ((header = line()) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        byte[] body;
        if (chunked) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                if (size == null) {
                    throw new IOException("connection closed inside a chunked body");
                }
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while ((header = line()) != null && !header.isEmpty()) {
                        // trailers
                    }
                    break;
                }
                all.write(in.readNBytes(n));
                line();
            }
            body = all.toByteArray();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new IOException("connection closed inside a body");
            }
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            closeQuietly();
        }
        return new Response(status, body);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        out = null;
        in = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
