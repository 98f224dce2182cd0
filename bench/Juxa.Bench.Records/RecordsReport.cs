using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Juxa.Bench;
using static System.FormattableString;

namespace Juxa.Bench.Records;

/// <summary>
/// The markdown report of a suite's runs.jsonl: one table of every goal (medians and min–max over the runs,
/// the ratio to the baseline measured next to it, /proc/loadavg, pass/miss), then every single measurement.
/// A run whose two baselines (the A before and the A after its B) differ by more than 15 % is NOISY: it is
/// listed, but left out of the medians. Exit status 3 when a run was noisy, a request failed, or a goal was missed.
/// </summary>
public static class RecordsReport
{
    public const double NoiseLimit = 0.15;

    private sealed record Line(string Phase, int Run, int Seq, string Measure, string Role, int C, JsonObject Result)
    {
        public double Rps => Num("rps");
        public double P50 => Num("p50_ms");
        public double P95 => Num("p95_ms");
        public double Mean => Num("mean_ms");
        public double Load => LoadAverage.OneMinute(Result["load_avg_start"]?.GetValue<string>());
        public long Failed => (long)Num("non2xx") + (long)Num("errors");

        private double Num(string name) => Result[name]?.GetValue<double>() ?? double.NaN;
    }

    /// <summary>One measured run (B) with the baselines right before and after it.</summary>
    private sealed record Trial(Line B, Line A1, Line A2, Func<Line, double> Metric)
    {
        public double Baseline => (Metric(A1) + Metric(A2)) / 2;
        public double Spread => Math.Abs(Metric(A1) - Metric(A2)) / Baseline;
        public bool Noisy => !(Spread <= NoiseLimit);
    }

    public static int Run(CommandLine args)
    {
        var input = args.Required("input");
        var output = args.Required("output");
        var command = args.String("command");
        var source = args.String("source");
        var plansFile = args.String("plans-file");
        var machine = args.String("machine");
        args.RejectUnknown();

        var json = File.ReadAllLines(input).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var info = json.Where(j => (string?)j["phase"] == "info").ToDictionary(j => (string)j["what"]!, j => j["data"]!.AsObject());
        var seed = json.Where(j => (string?)j["phase"] == "seed").ToList();
        var lines = json.Where(j => j["result"] is not null)
            .Select(j => new Line((string)j["phase"]!, (int)j["run"]!, (int)j["seq"]!, (string)j["measure"]!, (string)j["role"]!, (int)j["c"]!, j["result"]!.AsObject()))
            .ToList();

        var md = new StringBuilder();
        var status = 0;
        void W(string text = "") => md.Append(text).Append('\n');

        var options = info.GetValueOrDefault("started")?["options"];
        var data = info.GetValueOrDefault("data");
        var selectivity = info.GetValueOrDefault("selectivity");
        var started = (string?)info.GetValueOrDefault("started")?["utc"];
        var finished = (string?)info.GetValueOrDefault("finished")?["utc"];
        W(Invariant($"# Records: import, query, search, hot read and create ({started?[..10] ?? "?"})"));
        W();
        W("Issue 3's performance goals, measured as ratios against baselines taken in the same run (A/B/A: every measured run B sits");
        W("between two baseline runs A, and its ratio is to their mean). Medians and min–max over the runs; a run whose two baselines differ");
        W(Invariant($"by more than {NoiseLimit:P0} is flagged NOISY and left out of the medians. /proc/loadavg (1-minute) is given with every figure."));
        W();
        W($"- Command: `{command ?? "?"}`");
        if (machine is not null)
        {
            W($"- Machine: {machine}");
        }

        if (source is not null)
        {
            W($"- Source measured: {source}");
        }

        W($"- PostgreSQL {(string?)info.GetValueOrDefault("postgres")?["version"] ?? "?"} (throwaway: fsync off, synchronous_commit=off, shared_buffers {(string?)data?["shared_buffers"] ?? "?"}), the API (Release, co-hosted silo, rate limit off) and the baseline app on the same machine as the load generator.");
        if (options is not null)
        {
            static string Seconds(JsonNode? span) => TimeSpan.TryParse((string?)span, CultureInfo.InvariantCulture, out var t) ? Invariant($"{t.TotalSeconds:0.#} s") : "?";
            W(Invariant($"- Runs: {options["runs"]} A/B/A rounds; each measurement {Seconds(options["warmup"])} warm-up + {Seconds(options["duration"])} measured; concurrency {string.Join(", ", options["concurrency"]!.AsArray().Select(c => c!.ToString()))}; every path primed {Seconds(options["prime"])} first (unmeasured); imports: {options["imports"]} measured per run after 1 unmeasured."));
        }

        W($"- Started {started ?? "?"}, finished {finished ?? "?"}; loadavg at start `{(string?)info.GetValueOrDefault("started")?["loadavg"] ?? "?"}`, at the end `{(string?)info.GetValueOrDefault("finished")?["loadavg"] ?? "?"}`.");
        if (data is not null)
        {
            W(Invariant($"- Data: {data["people"]} people and {(long)data["records"]! - (long)data["people"]!} companies (`records`: {data["records_table_mb"]} MB table, {data["records_indexes_mb"]} MB indexes), VACUUM ANALYZE after the load. Created through the import endpoint (below)."));
        }

        var loads = lines.Select(l => l.Load).Concat(seed.Select(s => LoadAverage.OneMinute((string?)s["loadavg"]))).Where(double.IsFinite).Order().ToList();
        if (loads.Count > 0)
        {
            W(Invariant($"- **How loaded the machine was:** 1-minute loadavg over all {loads.Count} figures: median {Median(loads):0.00}, min {loads[0]:0.00}, max {loads[^1]:0.00} on {Environment.ProcessorCount} CPUs (other engineers' builds and test suites share it)."));
        }

        W();
        W("## Results");
        W();
        W("| measure | concurrency | baseline (A): median [min–max] | measured (B): median [min–max] | B/A ratio: median [min–max] | goal | result | loadavg 1-min: median [min–max] | runs (clean/all) |");
        W("|---|---:|---|---|---|---|---|---|---|");

        // 1. Import during the load: every 1000-row batch of people.
        var batches = seed.Where(s => (string?)s["measure"] == "import-people").ToList();
        if (batches.Count > 0)
        {
            var ms = batches.Select(b => (double)b["ms"]!).ToList();
            var batchLoads = batches.Select(b => LoadAverage.OneMinute((string?)b["loadavg"])).Where(double.IsFinite).ToList();
            var over = ms.Count(m => m > 1000);
            var rows = (int)batches[0]["rows"]!;
            var pass = Percentile(ms, 95) <= 1000;
            if (!pass)
            {
                status = 3;
            }

            W(Invariant($"| import {rows} people (seeding), ms per request | 1 | – | {Median(ms):0} [{ms.Min():0}–{ms.Max():0}], p95 {Percentile(ms, 95):0} | – | ≤ 1000 ms each | {(pass ? "pass" : "**miss**")} ({over} of {ms.Count} over 1 s) | {Range(batchLoads)} | {ms.Count} batches |"));
        }

        // 2. The A/B/A pairs.
        status = Math.Max(status, Row(W, lines, "imports", "import", 1, "import 1000 people, ms per request (vs raw 1000-row insert)", l => l.Mean, higherIsBetter: false, goal: null,
            absolute: ("≤ 1000 ms each", l => l.Mean, v => v <= 1000)));
        foreach (var c in lines.Where(l => l.Phase == "reads").Select(l => l.C).Distinct().Order())
        {
            status = Math.Max(status, Row(W, lines, "reads", "query-job-title", c, "query: job_title equals \"Engineer\", sort name asc, limit 50: p95 ms (vs /ping p95)", l => l.P95, false, null,
                ("p95 ≤ 20 ms", l => l.P95, v => v <= 20), noiseMetric: l => l.Rps));
            status = Math.Max(status, Row(W, lines, "reads", "query-email", c, "query: email_addresses contains \"@acme\", sort created_at desc, limit 50: p95 ms (vs /ping p95)", l => l.P95, false, null,
                ("p95 ≤ 20 ms", l => l.P95, v => v <= 20), noiseMetric: l => l.Rps));
            status = Math.Max(status, Row(W, lines, "reads", "search", c, "search ?q=<partial name>: p95 ms (vs /ping p95)", l => l.P95, false, null,
                ("p95 ≤ 30 ms", l => l.P95, v => v <= 30), noiseMetric: l => l.Rps));
            status = Math.Max(status, Row(W, lines, "reads", "get", c, "hot GET /records/:id, req/s (vs /ping req/s)", l => l.Rps, true, ("≥ 0.5×", v => v >= 0.5)));
        }

        foreach (var c in lines.Where(l => l.Phase == "pages").Select(l => l.C).Distinct().Order())
        {
            status = Math.Max(status, Row(W, lines, "pages", "cursor", c, "deep page: 50 people 90 % down the list, newest first: p50 ms by cursor (vs by offset)", l => l.P50, false, null));
        }

        foreach (var c in lines.Where(l => l.Phase == "writes").Select(l => l.C).Distinct().Order())
        {
            status = Math.Max(status, Row(W, lines, "writes", "create", c, "create one person, req/s (vs raw Npgsql JSONB insert req/s)", l => l.Rps, true, ("≥ 0.6×", v => v >= 0.6)));
        }

        W();
        W("Ratios: for req/s, B/A above 1 means faster than the baseline; for latency (ms), B/A is how many times slower than the baseline.");
        W("Latency goals are absolute (the ratio to /ping only shows how far above the machine's floor a request is); each is judged on the");
        W("median over the clean runs of the per-run p95. The p50 of every run is in the table at the end.");
        W();

        if (selectivity is not null)
        {
            W("## What the reads touch");
            W();
            W(Invariant($"- `job_title equals \"Engineer\"`: {selectivity["query-job-title_total"]} matching people (pagination.total), {selectivity["query-job-title_returned"]} returned."));
            W(Invariant($"- `email_addresses contains \"@acme\"`: {selectivity["query-email_total"]} matching people, {selectivity["query-email_returned"]} returned."));
            if (data is not null)
            {
                W("- Search terms, cycled request after request (limit 20, the default), with the records whose search text contains them: " +
                    string.Join(", ", Workloads.SearchTerms.Select(t => Invariant($"`{t}` {data["search_matches_" + t]}"))) + ".");
            }

            W("- Hot GET cycles over 1000 people spread over the whole table (grains activated by the warm-up and the priming).");
            if (info.GetValueOrDefault("indexed") is { Count: > 0 } indexed)
            {
                W("- Indexed attributes (`isIndexed: true` through the API after the load, before VACUUM ANALYZE; the PATCH took, index and statistics built): " +
                    string.Join(", ", indexed.Select(p => Invariant($"`{p.Key}` {p.Value} ms"))) + ".");
            }

            W();
        }

        if (plansFile is not null)
        {
            W($"Query plans of this run (auto_explain, `EXPLAIN (ANALYZE, BUFFERS)` of exactly what the API ran): [{plansFile}]({plansFile}); explained in [docs/query-plans.md](../../docs/query-plans.md).");
            W();
        }

        if (batches.Count >= 20)
        {
            var ms = batches.Select(b => (double)b["ms"]!).ToList();
            W("## Import while the table grows");
            W();
            W(Invariant($"People batches 1–10: median {Median(ms.Take(10).ToList()):0} ms; batches {ms.Count - 9}–{ms.Count}: median {Median(ms.TakeLast(10).ToList()):0} ms. Companies: {string.Join(", ", seed.Where(s => (string?)s["measure"] == "import-companies").Select(s => Invariant($"{(double)s["ms"]!:0} ms")))} per batch."));
            W();
        }

        W("## Every measurement");
        W();
        W("| # | phase | run | measure | role | c | req/s | p50 ms | p95 ms | p99 ms | mean ms | non-2xx | errors | loadavg at start |");
        W("|---:|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var l in lines.OrderBy(l => l.Seq))
        {
            W(Invariant($"| {l.Seq} | {l.Phase} | {l.Run} | {l.Measure} | {l.Role} | {l.C} | {l.Rps:0.0} | {l.P50:0.00} | {l.P95:0.00} | {(double)l.Result["p99_ms"]!:0.00} | {l.Mean:0.00} | {l.Result["non2xx"]} | {l.Result["errors"]} | `{(string?)l.Result["load_avg_start"]}` |"));
            if (l.Failed > 0)
            {
                status = 3;
            }
        }

        if (lines.Any(l => l.Failed > 0))
        {
            W();
            W("**Some requests failed (non-2xx or no answer): see the table above.** " +
                string.Join("; ", lines.Where(l => l.Failed > 0).Select(l => $"#{l.Seq}: {l.Result["status"]?.ToJsonString()} {(string?)l.Result["last_error"]}")));
        }

        File.WriteAllText(output, md.ToString());
        Console.Error.WriteLine($"report written to {output}");
        return status;
    }

    /// <summary>One summary row. Exit status 3 if the goal is missed or a run is noisy.</summary>
    private static int Row(Action<string> w, List<Line> lines, string phase, string measure, int c, string title, Func<Line, double> metric, bool higherIsBetter,
        (string Text, Func<double, bool> Ok)? goal, (string Text, Func<Line, double> Metric, Func<double, bool> Ok)? absolute = null, Func<Line, double>? noiseMetric = null)
    {
        var bySeq = lines.Where(l => l.Phase == phase && l.C == c).ToDictionary(l => l.Seq);
        var trials = lines.Where(l => l.Phase == phase && l.C == c && l.Measure == measure && l.Role == "B")
            .Select(b => (b, a1: bySeq.GetValueOrDefault(b.Seq - 1), a2: bySeq.GetValueOrDefault(b.Seq + 1)))
            .Where(t => t.a1 is { Role: "A" } && t.a2 is { Role: "A" })
            .Select(t => new Trial(t.b, t.a1!, t.a2!, metric))
            .ToList();
        if (trials.Count == 0)
        {
            return 0;
        }

        // Baselines are compared on throughput unless told otherwise (a latency p95 of a sub-millisecond ping is too jumpy to judge noise by).
        var noise = noiseMetric ?? metric;
        bool Noisy(Trial t) => new Trial(t.B, t.A1, t.A2, noise).Noisy;
        var clean = trials.Where(t => !Noisy(t)).ToList();
        var used = clean.Count > 0 ? clean : trials;
        var ratios = used.Select(t => metric(t.B) / t.Baseline).ToList();
        var baselines = used.Select(t => t.Baseline).ToList();
        var measured = used.Select(t => metric(t.B)).ToList();
        var allLoads = used.SelectMany(t => new[] { t.A1.Load, t.B.Load, t.A2.Load }).Where(double.IsFinite).ToList();
        var unit = higherIsBetter ? "/s" : " ms";
        var format = higherIsBetter ? "0" : "0.00";

        var verdict = "–";
        var ok = true;
        if (goal is { } g)
        {
            ok = g.Ok(Median(ratios));
            verdict = ok ? "pass" : "**miss**";
        }
        else if (absolute is { } abs)
        {
            ok = abs.Ok(Median(used.Select(t => abs.Metric(t.B)).ToList()));
            verdict = ok ? "pass" : "**miss**";
        }

        if (clean.Count == 0)
        {
            verdict += " (NOISY: no clean run, medians over all runs)";
        }
        else if (clean.Count < trials.Count)
        {
            verdict += Invariant($" ({trials.Count - clean.Count} noisy run(s) left out)");
        }

        // When runs were left out, the ratio over all of them too, so that nothing is hidden.
        var runs = Invariant($"{clean.Count}/{trials.Count}");
        if (clean.Count > 0 && clean.Count < trials.Count)
        {
            runs += Invariant($"; all {trials.Count}: {Fmt(trials.Select(t => metric(t.B) / t.Baseline).ToList(), "0.00")}×");
        }

        if (clean.Count is > 0 and < 3)
        {
            verdict += " (fewer than 3 clean runs)";
        }

        var p50 = higherIsBetter ? "" : Invariant($"; p50 {Median(used.Select(t => t.B.P50).ToList()):0.00} [{used.Min(t => t.B.P50):0.00}–{used.Max(t => t.B.P50):0.00}]");
        w(Invariant($"| {title} | {c} | {Fmt(baselines, format)}{unit} | {Fmt(measured, format)}{unit}{p50} | {Fmt(ratios, "0.00")}× | {goal?.Text ?? absolute?.Text ?? "–"} | {verdict} | {Range(allLoads)} | {runs} |"));
        return ok && clean.Count == trials.Count ? 0 : 3;
    }

    private static string Fmt(List<double> values, string format) =>
        string.Create(CultureInfo.InvariantCulture, $"{Median(values).ToString(format, CultureInfo.InvariantCulture)} [{values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)}]");

    private static string Range(List<double> loads) => loads.Count == 0 ? "?" : Invariant($"{Median(loads):0.00} [{loads.Min():0.00}–{loads.Max():0.00}]");

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Percentile(IReadOnlyList<double> values, double p) => BenchFigures.NearestRank(values.Order().ToList(), p);
}
