using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using static System.FormattableString;

namespace Juxa.Bench;

/// <summary>
/// The markdown report of bench/run-limiter.sh: raw runs, median and min–max per configuration,
/// and the on/off ratios. Reads one JSON object per line:
/// <c>{"config":"off|on","run":N,"seq":N,"loadavg":"...","result":{load generator JSON}}</c>.
/// </summary>
public static class LimiterReport
{
    /// <summary>The baseline (off) runs are flagged when their min–max spread exceeds this share of their median.</summary>
    private const double MaxBaselineSpread = 0.15;

    public static int Run(CommandLine args)
    {
        var input = args.Required("input");
        var output = args.Required("output");
        var command = args.String("command") ?? "(not given)";
        var source = args.String("source") ?? "(not given)";
        var limitOn = args.String("limit-on") ?? "?";
        var mode = args.String("mode") ?? "restart";
        var prime = args.String("prime") ?? "0";
        var failedStarts = args.Int("failed-starts", 0, 0);
        var nproc = args.String("nproc") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        var finished = args.String("finished") ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        args.RejectUnknown();

        var runs = File.ReadLines(input).Where(l => !string.IsNullOrWhiteSpace(l)).Select(RunRecord.Parse).ToList();
        if (runs.Count == 0)
        {
            throw new UsageException($"{input} holds no runs");
        }

        var problems = new List<string>();
        var text = new StringBuilder();
        var first = runs.MinBy(r => r.Seq)!;
        text.AppendLine(Invariant($"# Per-API-key rate limiter: on vs off ({first.Started:yyyy-MM-dd})"));
        text.AppendLine();
        text.AppendLine("Cost of the sliding-window check that `ApiKeyGrain.AuthorizeAsync` does in the same grain call that authorizes the key");
        text.AppendLine("(plus the `RateLimit-*` response headers that `RateLimitMiddleware` adds when a limit applies).");
        text.AppendLine(Invariant($"Closed-loop `GET {PathOf(first.Url)}` with the bootstrap admin key. **off** = `API_KEY_RATE_LIMIT_PER_MINUTE=0`;"));
        text.AppendLine(Invariant($"**on** = `API_KEY_RATE_LIMIT_PER_MINUTE={limitOn}` (high enough never to refuse during a run). The limit is read at silo start, so"));
        text.AppendLine(mode == "parallel"
            ? "two API processes (one per configuration, separate Orleans clusters, same database) ran side by side for the whole session and the load alternated between them, round by round, with the order flipped every round (off, on / on, off / …)."
            : "the API was restarted for every run (same database); runs alternate off, on, off, on, ….");
        text.AppendLine(Invariant($"Each fresh API process got {prime} s of unmeasured load (JIT warm-up) before its first run; each measurement has its own warm-up."));
        text.AppendLine();
        text.AppendLine(Invariant($"- Command: `{command}`"));
        text.AppendLine(Invariant($"- Machine: {nproc} CPUs (nproc), {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}"));
        text.AppendLine(Invariant($"- Source measured: {source}"));
        text.AppendLine(Invariant($"- Mode: {mode}; {runs.Count(r => r.Config == "off" && r.Concurrency == first.Concurrency)} runs per configuration; warm-up {first.WarmupSeconds:0.#} s, measured {first.DurationSeconds:0.#} s per run and concurrency level"));
        text.AppendLine(Invariant($"- Started {first.Started:yyyy-MM-dd HH:mm:ss} UTC, finished {finished}"));
        text.AppendLine("- Load generator, API and PostgreSQL share the same cores: absolute numbers are for comparison within this file only.");
        if (failedStarts > 0)
        {
            text.AppendLine(Invariant($"- {failedStarts} API start(s) failed during start-up and were retried with fresh ports (nothing was measured on them)."));
        }
        text.AppendLine();

        foreach (var level in runs.GroupBy(r => r.Concurrency).OrderBy(g => g.Key == 16 ? 0 : 1).ThenBy(g => g.Key))
        {
            Summary(text, level.Key, [.. level.OrderBy(r => r.Seq)], problems);
        }

        text.AppendLine("## Raw runs");
        text.AppendLine();
        text.AppendLine("| seq | config | run | concurrency | loadavg before (1/5/15 min) | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | RateLimit-Limit header |");
        text.AppendLine("|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs.OrderBy(r => r.Seq))
        {
            var header = r.LimitHeaders == 0 ? "none" : Invariant($"{r.LimitHeader} on {r.LimitHeaders}/{r.Requests}");
            text.AppendLine(Invariant(
                $"| {r.Seq} | {r.Config} | {r.Index} | {r.Concurrency} | {r.LoadAverage} | {r.Requests} | {r.Rps:0.0} | {r.P50:0.000} | {r.P90:0.000} | {r.P99:0.000} | {r.Max:0.000} | {r.Non2xx} | {r.Errors} | {header} |"));
            if (r.Non2xx + r.Errors > 0)
            {
                problems.Add(Invariant($"run {r.Seq} ({r.Config}, c={r.Concurrency}): {r.Non2xx} non-2xx and {r.Errors} failed requests{(r.LastError is null ? "" : $" (last error: {r.LastError})")}"));
            }

            if (r.Config == "on" && r.LimitHeaders != r.Requests)
            {
                problems.Add(Invariant($"run {r.Seq} (on): only {r.LimitHeaders} of {r.Requests} responses carried RateLimit-Limit: was the limiter really on?"));
            }

            if (r.Config == "off" && r.LimitHeaders != 0)
            {
                problems.Add(Invariant($"run {r.Seq} (off): {r.LimitHeaders} responses carried RateLimit-Limit: was the limiter really off?"));
            }
        }

        text.AppendLine();
        text.AppendLine("## Checks");
        text.AppendLine();
        if (problems.Count == 0)
        {
            text.AppendLine("- Every measured request answered 2xx; every **on** response carried `RateLimit-Limit`, no **off** response did.");
        }
        else
        {
            foreach (var problem in problems)
            {
                text.AppendLine("- **" + problem + "**");
            }
        }

        text.AppendLine();
        text.AppendLine("## How to read this");
        text.AppendLine();
        text.AppendLine("- Medians per configuration, min–max in brackets. Ratios are on/off of the medians; overhead = (1 − on/off) × 100 for throughput");
        text.AppendLine("  (positive = the limiter costs throughput). The paired estimate compares each **on** run with the **off** run of the same round,");
        text.AppendLine("  which cancels slow drift of the machine's load; it is the median of those per-round ratios.");
        text.AppendLine(Invariant($"- If the **off** runs' min–max spread exceeds {MaxBaselineSpread:P0} of their median the set is flagged NOISY: discard it and rerun on a quieter machine."));
        text.AppendLine("- An overhead smaller than the off runs' own spread is not distinguishable from noise with this many runs.");

        var target = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text.ToString());
        Console.Error.WriteLine($"report written to {target}");
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"CHECK FAILED: {problem}");
        }

        return problems.Count == 0 ? 0 : 3;
    }

    private static void Summary(StringBuilder text, int concurrency, List<RunRecord> runs, List<string> problems)
    {
        var off = runs.Where(r => r.Config == "off").ToList();
        var on = runs.Where(r => r.Config == "on").ToList();
        text.AppendLine(Invariant($"## Concurrency {concurrency}"));
        text.AppendLine();
        if (off.Count == 0 || on.Count == 0)
        {
            text.AppendLine("Not enough runs (need at least one of each configuration).");
            text.AppendLine();
            return;
        }

        text.AppendLine(Invariant($"| metric | off: median [min–max] (n={off.Count}) | on: median [min–max] (n={on.Count}) | on/off |"));
        text.AppendLine("|---|---|---|---:|");
        Row(text, "throughput, req/s", off, on, r => r.Rps, "0.0");
        Row(text, "latency p50, ms", off, on, r => r.P50, "0.000");
        Row(text, "latency p90, ms", off, on, r => r.P90, "0.000");
        Row(text, "latency p99, ms", off, on, r => r.P99, "0.000");
        text.AppendLine();

        var offRps = Median(off.Select(r => r.Rps));
        var onRps = Median(on.Select(r => r.Rps));
        var overhead = (1 - onRps / offRps) * 100;
        var spread = (off.Max(r => r.Rps) - off.Min(r => r.Rps)) / offRps;
        var noisy = spread > MaxBaselineSpread;
        if (noisy)
        {
            text.AppendLine(Invariant($"**NOISY: the off runs' throughput spread is {spread:P1} of their median (limit {MaxBaselineSpread:P0}): discard this set; the figures below are not a result.**"));
            problems.Add(Invariant($"c={concurrency}: off runs' spread {spread:P1} exceeds {MaxBaselineSpread:P0} of their median (NOISY)"));
        }
        else
        {
            text.AppendLine(Invariant($"Baseline stability: the off runs' throughput spread is {spread:P1} of their median (limit {MaxBaselineSpread:P0}): OK."));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"{(noisy ? "Throughput overhead of the limiter" : "**Throughput overhead of the limiter")}: {overhead:+0.0;-0.0;0.0} %{(noisy ? "" : "**")} (= (1 − {onRps:0.0} / {offRps:0.0}) × 100)."));
        text.AppendLine();

        // Each "on" run against the "off" run of the same round (run number) at this concurrency.
        var pairs = on.Select(o => (On: o, Off: off.FirstOrDefault(f => f.Index == o.Index))).Where(p => p.Off is not null).OrderBy(p => p.On.Index).ToList();
        if (pairs.Count > 0)
        {
            var ratios = pairs.Select(p => p.On.Rps / p.Off!.Rps).ToList();
            var pairedOverhead = (1 - Median(ratios)) * 100;
            text.AppendLine(Invariant(
                $"Paired estimate: on/off throughput per round {string.Join(", ", ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))} → median {Median(ratios):0.000}, overhead {pairedOverhead:+0.0;-0.0;0.0} % (range of the pairs {(1 - ratios.Max()) * 100:+0.0;-0.0;0.0} to {(1 - ratios.Min()) * 100:+0.0;-0.0;0.0} %)."));
            text.AppendLine();
        }

        if (Math.Abs(overhead) < spread * 100)
        {
            text.AppendLine(Invariant($"The difference of the medians ({overhead:+0.0;-0.0;0.0} %) is smaller than the off runs' own spread ({spread:P1}): within noise at this run count."));
            text.AppendLine();
        }
    }

    private static void Row(StringBuilder text, string name, List<RunRecord> off, List<RunRecord> on, Func<RunRecord, double> metric, string format)
    {
        string Cell(List<RunRecord> runs)
        {
            var values = runs.Select(metric).ToList();
            return Invariant($"{Median(values).ToString(format, CultureInfo.InvariantCulture)} [{values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)}]");
        }

        var ratio = Median(on.Select(metric)) / Median(off.Select(metric));
        text.AppendLine(Invariant($"| {name} | {Cell(off)} | {Cell(on)} | {ratio:0.000} |"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;

    private static string CpuModel()
    {
        try
        {
            var line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    /// <summary>One line of runs.jsonl.</summary>
    private sealed record RunRecord(
        string Config, int Index, int Seq, string LoadAverage, string Url, DateTimeOffset Started, int Concurrency,
        double WarmupSeconds, double DurationSeconds, long Requests, double Rps, double P50, double P90, double P99, double Max,
        long Non2xx, long Errors, long LimitHeaders, string? LimitHeader, string? LastError)
    {
        public static RunRecord Parse(string line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var r = root.GetProperty("result");
            return new RunRecord(
                root.GetProperty("config").GetString()!, root.GetProperty("run").GetInt32(), root.GetProperty("seq").GetInt32(),
                LoadAverageOf(root.GetProperty("loadavg").GetString()), r.GetProperty("url").GetString()!, r.GetProperty("started_utc").GetDateTimeOffset(),
                r.GetProperty("concurrency").GetInt32(), r.GetProperty("warmup_s").GetDouble(), r.GetProperty("duration_s").GetDouble(),
                r.GetProperty("requests").GetInt64(), r.GetProperty("rps").GetDouble(), r.GetProperty("p50_ms").GetDouble(),
                r.GetProperty("p90_ms").GetDouble(), r.GetProperty("p99_ms").GetDouble(), r.GetProperty("max_ms").GetDouble(),
                r.GetProperty("non2xx").GetInt64(), r.GetProperty("errors").GetInt64(), r.GetProperty("ratelimit_header_responses").GetInt64(),
                r.GetProperty("ratelimit_limit").GetString(), r.GetProperty("last_error").GetString());
        }

        /// <summary>"0.52 0.58 0.59 1/123 4567" → "0.52 0.58 0.59".</summary>
        private static string LoadAverageOf(string? loadavg) =>
            loadavg is null ? "?" : string.Join(' ', loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));
    }
}
