package dev.patchbay.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.patchbay.benchmarks.LoadGenerator.Measurement;

/**
 * The rounds of every (scenario, target) cell, reduced to medians and ratios to raw MINA in the
 * same run, as a markdown table and a JSON document.
 *
 * <p>A row whose generator used more than {@link #GENERATOR_BOUND_SHARE} of its cores (median of
 * the rounds) measured the generator, not the server: it is marked generator-bound and gets no
 * ratio; nor does any row of a scenario whose raw MINA row is generator-bound, since its
 * denominator would then be the generator's limit.
 */
final class ComparisonTable {

    static final double GENERATOR_BOUND_SHARE = 0.90;

    /** The medians of one cell. */
    record Row(CompareEcho.Scenario scenario, String target, List<Measurement> rounds, int failedRounds,
            double msgsPerSecond, double spread, double p50, double p99, double p999, double generatorShare,
            double serverShare, double otherShare, long errors) {

        boolean generatorBound() {
            return generatorShare > GENERATOR_BOUND_SHARE;
        }
    }

    private final List<CompareEcho.Scenario> scenarios;
    private final List<String> targets;
    /** cells.get(scenario index).get(target): its rounds; null entries are failed rounds */
    private final List<Map<String, List<Measurement>>> cells = new ArrayList<>();

    ComparisonTable(List<CompareEcho.Scenario> scenarios, List<String> targets) {
        this.scenarios = scenarios;
        this.targets = targets;
        for (int i = 0; i < scenarios.size(); i++) {
            Map<String, List<Measurement>> m = new LinkedHashMap<>();
            for (String t : targets) {
                m.put(t, new ArrayList<>());
            }
            cells.add(m);
        }
    }

    void add(int scenario, String target, Measurement m) {
        cells.get(scenario).get(target).add(m);
    }

    Row row(int scenario, String target) {
        List<Measurement> all = cells.get(scenario).get(target);
        List<Measurement> ok = all.stream().filter(m -> m != null).toList();
        long errors = ok.stream().mapToLong(Measurement::errors).sum();
        return new Row(scenarios.get(scenario), target, ok, all.size() - ok.size(),
                median(ok, Measurement::msgsPerSecond), spread(ok), median(ok, Measurement::p50Micros),
                median(ok, Measurement::p99Micros), median(ok, Measurement::p999Micros),
                median(ok, Measurement::generatorShare), median(ok, Measurement::serverShare),
                median(ok, Measurement::otherShare), errors);
    }

    /** Rate relative to raw MINA's in the same scenario, NaN when either row has no valid figure. */
    double ratio(Row row, Row raw, ToDoubleFunction<Row> metric) {
        if (raw == null || row.generatorBound() || raw.generatorBound()) {
            return Double.NaN;
        }
        return metric.applyAsDouble(row) / metric.applyAsDouble(raw);
    }

    boolean anyErrors() {
        for (int i = 0; i < scenarios.size(); i++) {
            for (String t : targets) {
                Row r = row(i, t);
                if (r.errors() != 0 || r.failedRounds() != 0 || r.rounds().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | target | msgs/s | spread | x raw | p50 µs | p99 µs | p999 µs | p99 x raw"
                + " | gen CPU | srv CPU | other | errors |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < scenarios.size(); i++) {
            Row raw = targets.contains(EchoTargets.RAW) ? row(i, EchoTargets.RAW) : null;
            for (String t : targets) {
                Row r = row(i, t);
                String label = scenarios.get(i).label();
                if (r.rounds().isEmpty()) {
                    b.append("| ").append(label).append(" | ").append(t).append(" | FAILED | | | | | | | | | | |\n");
                    continue;
                }
                b.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %,.0f | %,.0f | %,.0f | %s | %s | %s"
                                + " | %s | %s |%n",
                        label, t, r.msgsPerSecond(), pct(r.spread()), ratioCell(r, raw, Row::msgsPerSecond),
                        r.p50(), r.p99(), r.p999(), ratioCell(r, raw, Row::p99), pct(r.generatorShare()),
                        pct(r.serverShare()), pct(r.otherShare()),
                        r.errors() + (r.failedRounds() > 0 ? " (" + r.failedRounds() + " rounds failed)" : "")));
            }
        }
        return b.toString();
    }

    private String ratioCell(Row r, Row raw, ToDoubleFunction<Row> metric) {
        if (r.generatorBound()) {
            return "generator-bound";
        }
        if (raw == null || raw.rounds().isEmpty()) {
            return "n/a";
        }
        if (raw.generatorBound()) {
            return "n/a (raw generator-bound)";
        }
        return String.format(Locale.ROOT, "%.2f", ratio(r, raw, metric));
    }

    String json(String settings, String machine) {
        List<String> jsonScenarios = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            CompareEcho.Scenario s = scenarios.get(i);
            Row raw = targets.contains(EchoTargets.RAW) ? row(i, EchoTargets.RAW) : null;
            List<String> results = new ArrayList<>();
            for (String t : targets) {
                Row r = row(i, t);
                List<String> rounds = new ArrayList<>();
                for (Measurement m : r.rounds()) {
                    rounds.add("        " + m.json().trim().replace("\n", "\n        "));
                }
                results.add("      {\"target\": \"" + t + "\", \"rounds\": " + r.rounds().size()
                        + ", \"failed_rounds\": " + r.failedRounds()
                        + ", \"median_msgs_per_s\": " + num(r.msgsPerSecond())
                        + ", \"spread\": " + num(r.spread())
                        + ", \"median_p50_us\": " + num(r.p50()) + ", \"median_p99_us\": " + num(r.p99())
                        + ", \"median_p999_us\": " + num(r.p999())
                        + ", \"median_generator_cpu_share\": " + num(r.generatorShare())
                        + ", \"median_server_cpu_share\": " + num(r.serverShare())
                        + ", \"median_other_cpu_share\": " + num(r.otherShare())
                        + ", \"generator_bound\": " + r.generatorBound()
                        + ", \"ratio_to_raw\": " + num(raw == null ? Double.NaN : ratio(r, raw, Row::msgsPerSecond))
                        + ", \"p99_ratio_to_raw\": " + num(raw == null ? Double.NaN : ratio(r, raw, Row::p99))
                        + ", \"errors\": " + r.errors()
                        + ",\n       \"each_round\": [\n" + String.join(",\n", rounds) + "\n      ]}");
            }
            jsonScenarios.add("    {\"connections\": " + s.connections() + ", \"inflight\": " + s.inflight()
                    + ", \"size_bytes\": " + s.size() + ", \"results\": [\n" + String.join(",\n", results)
                    + "\n    ]}");
        }
        return "{\n  \"settings\": " + settings + ",\n  \"machine\": " + machine + ",\n  \"scenarios\": [\n"
                + String.join(",\n", jsonScenarios) + "\n  ]\n}\n";
    }

    static double median(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        double[] v = ms.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** (max - min) / median of the rounds' msgs/s: how far apart the rounds were. */
    private static double spread(List<Measurement> ms) {
        double[] v = ms.stream().mapToDouble(Measurement::msgsPerSecond).sorted().toArray();
        if (v.length < 2) {
            return Double.NaN;
        }
        return (v[v.length - 1] - v[0]) / median(ms, Measurement::msgsPerSecond);
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static String num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? "null" : String.format(Locale.ROOT, "%.4f", d);
    }
}
