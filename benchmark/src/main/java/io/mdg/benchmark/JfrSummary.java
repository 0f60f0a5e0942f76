package io.mdg.benchmark;

import java.nio.file.Path;
import java.util.*;
import jdk.jfr.consumer.*;

/**
 * Summarises the CPU samples of a JFR recording (as {@code MDG_BENCH_JFR} writes them) for the profile evidence in
 * BENCHMARKS.md: samples by thread, by innermost known component, the top self frames and the top inclusive frames
 * of the project and its stores. {@code java -cp benchmark/target/benchmark.jar io.mdg.benchmark.JfrSummary
 * <file.jfr> [thread regex] [top n] [from HH:MM:SS] [to HH:MM:SS] [frame regex that must be on the stack]}.
 */
public final class JfrSummary {
    public static void main(String[] a) throws Exception {
        String threads = a.length > 1 ? a[1] : ".*";
        int top = a.length > 2 ? Integer.parseInt(a[2]) : 25;
        java.time.LocalTime from = a.length > 3 ? java.time.LocalTime.parse(a[3]) : null;
        java.time.LocalTime to = a.length > 4 ? java.time.LocalTime.parse(a[4]) : null;
        Map<String, Integer> minutes = new TreeMap<>();
        Map<String, Integer> byThread = new HashMap<>(), self = new HashMap<>(), incl = new HashMap<>(), pkg = new HashMap<>();
        long n = 0;
        try (RecordingFile f = new RecordingFile(Path.of(a[0]))) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
                java.time.LocalTime at = java.time.LocalTime.ofInstant(e.getStartTime(), java.time.ZoneOffset.UTC);
                if (from != null && (at.isBefore(from) || at.isAfter(to))) continue;
                RecordedThread t = e.getThread("sampledThread");
                String name = t == null ? "?" : String.valueOf(t.getJavaName()).replaceAll("\\d+", "N");
                byThread.merge(name, 1, Integer::sum);
                if (!name.matches(threads)) continue;
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) continue;
                List<RecordedFrame> frames = st.getFrames();
                if (a.length > 5 && frames.stream().noneMatch(fr -> (fr.getMethod().getType().getName() + "." + fr.getMethod().getName()).matches(a[5]))) continue;
                n++;
                minutes.merge(at.withSecond(0).withNano(0).toString(), 1, Integer::sum);
                RecordedMethod m0 = frames.get(0).getMethod();
                self.merge(m0.getType().getName() + "." + m0.getName(), 1, Integer::sum);
                Set<String> seen = new HashSet<>(), seenPkg = new HashSet<>();
                for (RecordedFrame fr : frames) {
                    String cls = fr.getMethod().getType().getName();
                    String k = cls + "." + fr.getMethod().getName();
                    if (seen.add(k)) incl.merge(k, 1, Integer::sum);
                }
                // attribute the sample to the first (innermost) frame of a known component
                for (RecordedFrame fr : frames) {
                    String cls = fr.getMethod().getType().getName();
                    String c = component(cls);
                    if (c != null) { pkg.merge(c, 1, Integer::sum); break; }
                }
            }
        }
        System.out.println("samples by thread:"); print(byThread, 15, -1);
        System.out.println("samples of threads " + threads + ": " + n + " by minute " + minutes);
        System.out.println("innermost component:"); print(pkg, 20, n);
        System.out.println("self:"); print(self, top, n);
        System.out.println("inclusive (io.mdg, stores and drivers, axon, HTTP stack):");
        Map<String, Integer> filtered = new HashMap<>();
        incl.forEach((k, v) -> { if (k.matches("(io\\.mdg|de\\.bwaldvogel\\.mongo\\.(backend|wire)|org\\.postgresql\\.(jdbc|core)|com\\.zaxxer\\.hikari|org\\.axonframework\\.(eventsourcing|serialization|modelling|eventhandling\\.(pooled|deadletter|SimpleEventHandlerInvoker))|com\\.fasterxml\\.jackson\\.databind\\.ObjectMapper|org\\.springframework\\.security|graphql\\.execution|com\\.mongodb\\.client|io\\.micrometer|org\\.apache\\.(coyote|tomcat|catalina)).*")) filtered.put(k, v); });
        print(filtered, top * 2, n);
    }
    static String component(String cls) {
        String[][] c = {{"de.bwaldvogel.mongo", "mongo-java-server"}, {"org.postgresql", "pgjdbc"}, {"com.zaxxer.hikari", "hikari"}, {"com.mongodb", "mongo driver"},
            {"org.bson", "bson"}, {"com.fasterxml.jackson", "jackson"}, {"io.netty", "netty"},
            {"graphql.", "graphql-java"}, {"org.springframework.security", "spring-security"},
            {"org.springframework.graphql", "spring-graphql"}, {"org.apache.tomcat", "tomcat"}, {"org.apache.coyote", "tomcat"},
            {"org.apache.catalina", "tomcat"}, {"io.micrometer", "micrometer"}, {"org.axonframework", "axon"},
            {"io.mdg", "mdg"}, {"com.nimbusds", "nimbus-jose"}, {"org.springframework", "spring"}, {"jdk.jfr", "jfr"}};
        for (String[] p : c) if (cls.startsWith(p[0])) return p[1];
        return null;
    }
    static void print(Map<String, Integer> m, int top, long total) {
        m.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(top).forEach(e ->
            System.out.printf("  %7d %5s %s%n", e.getValue(), total > 0 ? String.format("%.1f%%", 100.0 * e.getValue() / total) : "", e.getKey()));
    }
}
