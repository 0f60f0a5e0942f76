package io.mdg.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The harness's settings: the full run (issue 8's sizes) by default, {@code --quick} for a run of a few minutes that
 * checks the harness end to end (its figures are not the figures of record), and each size on its own.
 */
record Options(boolean quick, Set<Integer> only, List<Long> growthEvents, int growthSubmissions, int submissions,
               int nodesSubmissions, int clients, int importItems,
               int storeRows, Duration freshness, double freshnessRate, Duration reads, Duration readWarmup,
               Duration distribution, Duration nodesWrites,
               Path out, Path serviceJar, Path benchmarkJar, Path keycloakHome, Path realmFile,
               Path minimalAppClasspath, boolean ceilingsOnly, boolean keep, String commandLine) {

    static final String USAGE = """
            ./mdg bench [--quick] [--only 1,2,4] [--events 10000,100000,1000000] [--growth-submissions N] [--submissions N]
                        [--nodes-submissions N] [--clients N] [--import-items N] [--freshness-rate N]
                        [--distribution-seconds N] [--out BENCHMARKS.md] [--keep] [--ceilings-only]
              figures: 1 store ceilings, 2 ingest, 3 freshness, 4 reads, 5 rebuild, 6 bulk import, 7 growth,
                       8 a steward's reads beside an analyst's heavy queries, 9 distribution to 3 push consumers
                       and 1 pull consumer during ingest, 10 several nodes (1 and 2 service jars) on one PostgreSQL
              --quick          small sizes (2,000 submissions, growth 2k/10k events, 30 s freshness, 10 s reads,
                               20 s of distribution at 1,000 changes/s, 10 s of figure 10's cross-node writes):
                               checks the harness in a few minutes; not the figures of record
              --only           run only these figures
              --events         growth sizes (stored events) for figure 7; the store is grown to each size by
                               appending supplier registrations in bulk, then timed submissions fill the rest
              --growth-submissions  submissions timed at each growth size (default 10,000)
              --submissions    submissions per ingest measurement of figures 2 and 9 (default 100,000)
              --nodes-submissions  submissions of figure 10's ingest with each node count (default 20,000: about
                               half a minute per node count at figure 2's rate on two cores)
              --clients        sending threads in-process and HTTP clients of single submits (default 32)
              --import-items   items in the file of figure 6 (default 100,000)
              --freshness-rate submissions/s offered in figure 3 (default 1,000, the target's rate; a low rate
                               shows the latency of an idle service)
              --distribution-seconds  how long figure 9 offers 1,000 changes/s to its consumers (default 60)
              --out            the markdown file whose results section is replaced (default BENCHMARKS.md)
              --keep           keep the temporary data directories and logs
              --ceilings-only  only the ceilings, which need no service: figure 1 (PostgreSQL event rows) and
                               figure 4's minimal Spring Boot app (with Keycloak), as far as --only selects them""";

    static Options parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        Set<Integer> only = new TreeSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        List<Long> events = quick ? List.of(2_000L, 10_000L) : List.of(10_000L, 100_000L, 1_000_000L);
        int submissions = quick ? 2_000 : 100_000;
        int nodesSubmissions = quick ? 2_000 : 20_000;
        int growthSubmissions = quick ? 1_000 : 10_000;
        int clients = 32;
        double freshnessRate = 1_000;
        int importItems = quick ? 2_000 : 100_000;
        int storeRows = quick ? 20_000 : 200_000;
        Duration freshness = Duration.ofSeconds(quick ? 30 : 60);
        Duration reads = Duration.ofSeconds(quick ? 8 : 30);
        Duration readWarmup = Duration.ofSeconds(quick ? 2 : 5);
        Duration distribution = Duration.ofSeconds(quick ? 20 : 60);
        Duration nodesWrites = Duration.ofSeconds(quick ? 10 : 20);
        Path out = Path.of("BENCHMARKS.md");
        Path serviceJar = Path.of("mdg-service/target/mdg-service.jar");
        Path benchmarkJar = Path.of("benchmark/target/benchmark.jar");
        Path keycloakHome = null;
        Path realmFile = Path.of("keycloak/mdg-realm.json");
        Path minimalAppClasspath = Path.of("benchmark/target/minimal-app.classpath");
        boolean ceilingsOnly = false;
        boolean keep = false;
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--service-jar") && !arg.startsWith("--benchmark-jar")
                    && !arg.startsWith("--keycloak-home") && !arg.startsWith("--realm-file")
                    && !arg.startsWith("--minimal-app-classpath")) {
                shown.add(arg);
            }
            switch (arg) {
                case "--quick" -> { }
                case "--keep" -> keep = true;
                case "--ceilings-only" -> ceilingsOnly = true;
                case "--only" -> {
                    only = new TreeSet<>();
                    for (String n : value(args, ++i, arg).split(",")) {
                        int figure = Integer.parseInt(n.trim());
                        if (figure < 1 || figure > 10) {
                            throw new IllegalArgumentException("no figure " + figure + " (1 to 10)");
                        }
                        only.add(figure);
                    }
                    shown.add(args[i]);
                }
                case "--events" -> {
                    events = Arrays.stream(value(args, ++i, arg).split(",")).map(String::trim).map(Long::parseLong)
                            .sorted().toList();
                    shown.add(args[i]);
                }
                case "--growth-submissions" -> {
                    growthSubmissions = Integer.parseInt(value(args, ++i, arg));
                    shown.add(args[i]);
                }
                case "--submissions" -> {
                    submissions = Integer.parseInt(value(args, ++i, arg));
                    shown.add(args[i]);
                }
                case "--nodes-submissions" -> {
                    nodesSubmissions = Integer.parseInt(value(args, ++i, arg));
                    if (nodesSubmissions <= 0) {
                        throw new IllegalArgumentException("--nodes-submissions must be positive");
                    }
                    shown.add(args[i]);
                }
                case "--clients" -> {
                    clients = Integer.parseInt(value(args, ++i, arg));
                    shown.add(args[i]);
                }
                case "--freshness-rate" -> {
                    freshnessRate = Double.parseDouble(value(args, ++i, arg));
                    if (freshnessRate <= 0) {
                        throw new IllegalArgumentException("--freshness-rate must be positive");
                    }
                    shown.add(args[i]);
                }
                case "--distribution-seconds" -> {
                    distribution = Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
                    if (distribution.isNegative() || distribution.isZero()) {
                        throw new IllegalArgumentException("--distribution-seconds must be positive");
                    }
                    shown.add(args[i]);
                }
                case "--import-items" -> {
                    importItems = Integer.parseInt(value(args, ++i, arg));
                    shown.add(args[i]);
                }
                case "--out" -> {
                    out = Path.of(value(args, ++i, arg));
                    shown.add(args[i]);
                }
                case "--service-jar" -> serviceJar = Path.of(value(args, ++i, arg));
                case "--benchmark-jar" -> benchmarkJar = Path.of(value(args, ++i, arg));
                case "--keycloak-home" -> keycloakHome = Path.of(value(args, ++i, arg));
                case "--realm-file" -> realmFile = Path.of(value(args, ++i, arg));
                case "--minimal-app-classpath" -> minimalAppClasspath = Path.of(value(args, ++i, arg));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (keycloakHome == null) {
            // ./mdg bench passes benchmark/target/keycloak/keycloak-<pom.xml's keycloak.version>
            throw new IllegalArgumentException("--keycloak-home is required\n" + USAGE);
        }
        return new Options(quick, only, events, growthSubmissions, submissions, nodesSubmissions, clients, importItems, storeRows, freshness, freshnessRate, reads,
                readWarmup, distribution, nodesWrites, out, serviceJar, benchmarkJar, keycloakHome, realmFile, minimalAppClasspath, ceilingsOnly,
                keep,
                ("./mdg bench " + String.join(" ", shown)).trim());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    boolean runs(int figure) {
        return only.contains(figure);
    }

    boolean runsAny(int... figures) {
        return Arrays.stream(figures).anyMatch(this::runs);
    }
}
