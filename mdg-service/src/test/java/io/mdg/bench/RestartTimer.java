package io.mdg.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.app.ServiceHarness;

/**
 * Measures a restart of the embedded default with N stored events: loads N supplier submissions (each a new
 * golden record, one event each), stops the service, starts it again and times (1) until the context is up and
 * (2) until readiness is UP, i.e. the memory read store has been rebuilt from the event store. Not a test:
 * {@code java -cp <test classpath> io.mdg.bench.RestartTimer [events] [dataDir] [restart-only]} (restart-only: time
 * a restart on a data directory loaded before; events then only divides the CPU time).
 */
public final class RestartTimer {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dataDir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("mdg-restart");
        String lastId = null;
        boolean restartOnly = args.length > 2 && args[2].equals("restart-only");
        if (!restartOnly) try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of("logging.level.root", "WARN"))) {
            CommandGateway commands = service.bean(CommandGateway.class);
            Semaphore inFlight = new Semaphore(64);
            List<CompletableFuture<SubmissionResult>> pending = new ArrayList<>();
            long start = System.nanoTime();
            long cpuStart = cpu();
            for (int i = 0; i < events; i++) {
                inFlight.acquire();
                CompletableFuture<SubmissionResult> f = commands.send(new SubmitRecordCommand(
                        new SourceRef(SourceSystem.ERP, "V-" + i, 1L),
                        SupplierAttributes.named("Supplier " + i + " Medical Inc."),
                        Actor.client("erp")));
                f.whenComplete((r, e) -> inFlight.release());
                if (i == events - 1) {
                    pending.add(f);
                }
            }
            lastId = pending.get(0).get().goldenId();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("loaded %d submissions in %.1f s (%.0f/s)%n", events, seconds, events / seconds);
            String id = lastId;
            ServiceHarness.eventually(() -> find(service, id), Optional::isPresent, Duration.ofMinutes(10));
            System.out.printf("load and projections: %.2f CPU s per 1,000 submissions%n",
                    (cpu() - cpuStart) / 1e9 / events * 1000);
        }
        long restart = System.nanoTime();
        long cpuRestart = cpu();
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of("logging.level.root", "WARN"))) {
            double contextUp = (System.nanoTime() - restart) / 1e9;
            HealthEndpoint health = service.bean(HealthEndpoint.class);
            ServiceHarness.eventually(() -> health.healthForPath("readiness").getStatus(),
                    s -> s.equals(Status.UP), Duration.ofMinutes(10));
            String id = lastId;
            if (id != null) {
                ServiceHarness.eventually(() -> find(service, id), Optional::isPresent, Duration.ofMinutes(10));
            }
            // and every projection at the head of the event stream
            org.axonframework.config.EventProcessingConfiguration processing =
                    service.bean(org.axonframework.config.EventProcessingConfiguration.class);
            ServiceHarness.eventually(() -> processing.eventProcessors().values().stream()
                    .filter(p -> p instanceof org.axonframework.eventhandling.StreamingEventProcessor)
                    .map(p -> (org.axonframework.eventhandling.StreamingEventProcessor) p)
                    .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                            .allMatch(org.axonframework.eventhandling.EventTrackerStatus::isCaughtUp)),
                    Boolean::booleanValue, Duration.ofMinutes(30));
            double ready = (System.nanoTime() - restart) / 1e9;
            System.out.printf("restart with %d stored events: context up in %.1f s, read models rebuilt and ready in %.1f s"
                    + " (%.2f CPU s per 1,000 events, start-up included)%n",
                    events, contextUp, ready, (cpu() - cpuRestart) / 1e9 / events * 1000);
        }
        System.exit(0); // Axon's janitor thread is not a daemon; do not wait for it
    }

    /** CPU time of this process so far (every thread), in ns: a cost that other load on the machine hardly skews. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Optional<RecordView> find(ServiceHarness service, String id) throws Exception {
        return service.bean(QueryGateway.class)
                .query(new FindRecordQuery(null, id), ResponseTypes.optionalInstanceOf(RecordView.class)).get();
    }
}
