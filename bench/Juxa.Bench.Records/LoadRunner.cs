using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Juxa.Bench.Records;

/// <summary>One unit of work: an HTTP request (status code returned) or a database statement (200 when it succeeded).</summary>
public interface IWorkload : IAsyncDisposable
{
    Task<int> ExecuteAsync(long sequence, CancellationToken cancellationToken);
}

/// <summary>
/// Closed loop, as bench/Juxa.Bench does it: <c>concurrency</c> workers each run one unit, wait for it to
/// finish completely (the whole response body), and run the next. Time mode: units that finish during
/// the warm-up are not counted, units that finish inside the measured window are, no unit starts after
/// it. Count mode (slow units such as a 1000-row import): each worker runs <c>warmupCount</c> unmeasured
/// units, then its share of <c>count</c>. Latency = start to end of the unit, from Stopwatch timestamps;
/// percentiles are exact (every latency kept, nearest rank).
/// </summary>
public static class LoadRunner
{
    public static async Task<Measurement> RunAsync(IWorkload workload, int concurrency, TimeSpan warmup, TimeSpan duration, TimeSpan timeout)
    {
        var loadStart = LoadAverage.Read();
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + Ticks(warmup);
        var measureEnd = measureStart + Ticks(duration);
        long sequence = 0;
        using var deadline = new CancellationTokenSource(warmup + duration + timeout + TimeSpan.FromSeconds(5));
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var stats = new Stats();
            while (!deadline.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (t0 >= measureEnd)
                {
                    break;
                }

                var status = await RunOneAsync(workload, Interlocked.Increment(ref sequence), stats, deadline.Token);
                if (status < 0)
                {
                    break;
                }

                var t1 = Stopwatch.GetTimestamp();
                if (t1 >= measureStart && t1 <= measureEnd)
                {
                    stats.Add(t1 - t0, status);
                }
            }

            return stats;
        })).ToArray();
        var all = await Task.WhenAll(workers);
        return Measurement.From(all, concurrency, duration.TotalSeconds, warmup.TotalSeconds, loadStart, LoadAverage.Read());
    }

    public static async Task<Measurement> RunCountAsync(IWorkload workload, int concurrency, int warmupCount, int count, TimeSpan timeout)
    {
        var loadStart = LoadAverage.Read();
        long sequence = 0;
        var perWorker = Math.Max(1, count / concurrency);
        using var cancel = new CancellationTokenSource(timeout * (warmupCount + perWorker) + TimeSpan.FromSeconds(5));
        // Every worker finishes its warm-up before any measured unit starts.
        var pending = concurrency;
        var warmedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long measureStart = 0;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var stats = new Stats();
            for (var i = 0; i < warmupCount; i++)
            {
                await RunOneAsync(workload, Interlocked.Increment(ref sequence), stats, cancel.Token);
            }

            if (Interlocked.Decrement(ref pending) == 0)
            {
                warmedUp.SetResult();
            }

            await warmedUp.Task.WaitAsync(cancel.Token);
            Interlocked.CompareExchange(ref measureStart, Stopwatch.GetTimestamp(), 0);
            for (var i = 0; i < perWorker; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var status = await RunOneAsync(workload, Interlocked.Increment(ref sequence), stats, cancel.Token);
                if (status < 0)
                {
                    break;
                }

                stats.Add(Stopwatch.GetTimestamp() - t0, status);
            }

            return stats;
        }, cancel.Token)).ToArray();
        var all = await Task.WhenAll(workers);
        var window = (Stopwatch.GetTimestamp() - Interlocked.Read(ref measureStart)) / (double)Stopwatch.Frequency;
        return Measurement.From(all, concurrency, window, 0, loadStart, LoadAverage.Read());
    }

    /// <summary>Runs one unit; the status, 0 when it failed without an HTTP answer, -1 when the deadline passed.</summary>
    private static async Task<int> RunOneAsync(IWorkload workload, long sequence, Stats stats, CancellationToken cancellationToken)
    {
        try
        {
            return await workload.ExecuteAsync(sequence, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return -1;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            stats.LastError = e.GetType().Name + ": " + e.Message;
            // Do not spin on a dead server.
            await Task.Delay(10, CancellationToken.None);
            return 0;
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>One worker's results; merged when all are done, so nothing is shared while running.</summary>
    public sealed class Stats
    {
        public List<long> Latencies { get; } = new(4096);
        public Dictionary<int, long> Status { get; } = [];
        public string? LastError { get; set; }

        public void Add(long elapsed, int status)
        {
            Latencies.Add(elapsed);
            Status[status] = Status.GetValueOrDefault(status) + 1;
        }
    }
}

/// <summary>The measured window of one run: throughput, exact latency percentiles (ms) and /proc/loadavg before and after.</summary>
public sealed record Measurement(
    int Concurrency, double WindowSeconds, double WarmupSeconds, long Requests, double Rps, double MeanMs, double P50Ms, double P90Ms,
    double P95Ms, double P99Ms, double MaxMs, long Non2xx, long Errors, IReadOnlyDictionary<string, long> Status, string? LoadAvgStart,
    string? LoadAvgEnd, string? LastError)
{
    public static Measurement From(IReadOnlyList<LoadRunner.Stats> workers, int concurrency, double window, double warmup, string? loadStart, string? loadEnd)
    {
        var sorted = workers.SelectMany(w => w.Latencies).Order().ToArray();
        var status = new SortedDictionary<int, long>();
        foreach (var (code, count) in workers.SelectMany(w => w.Status))
        {
            status[code] = status.GetValueOrDefault(code) + count;
        }

        double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 3);
        double P(double p) => sorted.Length == 0 ? 0 : Ms(sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)]);
        return new Measurement(
            concurrency, Math.Round(window, 3), warmup, sorted.Length, window > 0 ? Math.Round(sorted.Length / window, 1) : 0,
            sorted.Length == 0 ? 0 : Ms((long)sorted.Average()), P(50), P(90), P(95), P(99), P(100),
            status.Where(s => s.Key is not 0 and (< 200 or > 299)).Sum(s => s.Value), status.GetValueOrDefault(0),
            status.ToDictionary(s => s.Key == 0 ? "error" : s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
            loadStart, loadEnd, workers.Select(w => w.LastError).FirstOrDefault(e => e is not null));
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"c={Concurrency}: {Requests} in {WindowSeconds:0.#} s, {Rps:0.0}/s, p50 {P50Ms:0.00} ms, p95 {P95Ms:0.00} ms, p99 {P99Ms:0.00} ms, non-2xx {Non2xx}, errors {Errors}, loadavg {LoadAverage.OneMinute(LoadAvgStart)}");
}

public static class LoadAverage
{
    public static string? Read()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The 1-minute figure of a /proc/loadavg line, NaN when unknown.</summary>
    public static double OneMinute(string? line) =>
        line is not null && double.TryParse(line.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}

public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
