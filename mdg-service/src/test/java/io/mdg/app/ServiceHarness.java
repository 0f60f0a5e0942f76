package io.mdg.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the whole service (embedded defaults) on a data directory and a free port, for integration tests. */
public final class ServiceHarness implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceHarness(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ServiceHarness start(Path dataDir, Map<String, Object> extraProperties) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "server.port", "0",
                "mdg.data-dir", dataDir.toString(),
                "spring.main.banner-mode", "off"));
        properties.putAll(extraProperties);
        properties.putIfAbsent("mdg.security.issuer", LocalTokens.ISSUER);
        if (LocalTokens.ISSUER.equals(properties.get("mdg.security.issuer"))) {
            // tokens signed by the test itself (LocalTokens): no identity provider to ask whether a person is active
            properties.putIfAbsent("mdg.security.user-status.check", "false");
        }
        // As command-line arguments: they override application.yml (builder properties would not).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new ServiceHarness(new SpringApplicationBuilder(MdgApplication.class).run(args));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
        context.close();
    }

    /** Polls until the value satisfies the condition, or fails after the timeout. */
    public static <T> T eventually(Callable<T> probe, Predicate<T> condition, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(probe, condition::test);
    }
}
