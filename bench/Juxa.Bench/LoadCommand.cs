using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static System.FormattableString;

namespace Juxa.Bench;

/// <summary>
/// A closed-loop load test: <c>concurrency</c> workers each send one request, wait for the whole
/// response, and send the next. Requests that complete during the warm-up are not counted;
/// requests that complete inside the measured window are (latency = send to last byte, from
/// <see cref="Stopwatch"/> timestamps). No new request starts after the window closes.
/// </summary>
public static class LoadCommand
{
    public const string Usage =
        """
        usage: juxa-bench --url URL [--key oc_sk_...] [--concurrency 16] [--duration 10] [--warmup 3] [--timeout 30]
                          [--method GET|POST] [--body JSON]   (POST sends the same JSON body every time)
               juxa-bench report --input runs.jsonl --output FILE.md [--mode restart|parallel] [--prime S] [--failed-starts N]
                         [--command TEXT] [--source TEXT] [--limit-on N] [--nproc N] [--finished TEXT]
        Prints one JSON line on stdout (requests, rps, latency percentiles in ms, non2xx, errors)
        and a one-line summary on stderr. Durations are in seconds.
        """;

    public static async Task<int> RunAsync(CommandLine args)
    {
        var url = args.Required("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url must be an absolute http(s) URL, got '{url}'");
        }

        var options = new LoadOptions(
            uri,
            args.String("key"),
            args.Int("concurrency", 16, 1),
            TimeSpan.FromSeconds(args.Double("duration", 10, 0.1)),
            TimeSpan.FromSeconds(args.Double("warmup", 3, 0)),
            TimeSpan.FromSeconds(args.Double("timeout", 30, 0.1)),
            args.String("method")?.ToUpperInvariant() ?? "GET",
            args.String("body"));
        if (options.Method is not ("GET" or "POST"))
        {
            throw new UsageException($"--method must be GET or POST, got '{options.Method}'");
        }

        args.RejectUnknown();

        var result = await RunAsync(options);
        Console.Out.WriteLine(result.ToJson(options));
        Console.Error.WriteLine(Invariant(
            $"c={options.Concurrency} {options.Duration.TotalSeconds:0.#}s: {result.Requests} req, {result.RequestsPerSecond:0.0} req/s, p50 {result.Percentile(50):0.000} ms, p90 {result.Percentile(90):0.000} ms, p99 {result.Percentile(99):0.000} ms, non-2xx {result.Non2xx}, errors {result.Errors}"));
        return result.Requests > 0 ? 0 : 1;
    }

    public static async Task<LoadResult> RunAsync(LoadOptions options)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpClient(handler) { Timeout = options.RequestTimeout };
        if (options.Key is { } key)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var started = DateTimeOffset.UtcNow;
        var loadAverage = ReadLoadAverage();
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + ToTimestamp(options.Warmup);
        var measureEnd = measureStart + ToTimestamp(options.Duration);
        // A hard stop, so that a hung server cannot keep the generator alive past its time.
        using var deadline = new CancellationTokenSource(options.Warmup + options.Duration + options.RequestTimeout + TimeSpan.FromSeconds(5));

        var workers = new Task<WorkerStats>[options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkerAsync(client, options, measureStart, measureEnd, deadline.Token));
        }

        var stats = await Task.WhenAll(workers);
        return LoadResult.Merge(stats, options.Duration, started, loadAverage);
    }

    private static async Task<WorkerStats> WorkerAsync(HttpClient client, LoadOptions options, long measureStart, long measureEnd, CancellationToken deadline)
    {
        var stats = new WorkerStats();
        while (!deadline.IsCancellationRequested)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (t0 >= measureEnd)
            {
                break;
            }

            var status = 0;
            string? limitHeader = null;
            try
            {
                using var request = new HttpRequestMessage(options.Method == "POST" ? HttpMethod.Post : HttpMethod.Get, options.Url);
                if (options.Body is not null)
                {
                    request.Content = new StringContent(options.Body, System.Text.Encoding.UTF8, "application/json");
                }

                // ResponseContentRead (the default): the call returns once the whole body is in.
                using var response = await client.SendAsync(request, deadline);
                status = (int)response.StatusCode;
                if (response.Headers.NonValidated.TryGetValues("RateLimit-Limit", out var values))
                {
                    limitHeader = values.ToString();
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                stats.LastError = e.GetType().Name + ": " + e.Message;
            }

            var t1 = Stopwatch.GetTimestamp();
            if (status == 0)
            {
                // Do not spin on a dead server.
                await Task.Delay(10, CancellationToken.None);
            }

            if (t1 < measureStart)
            {
                stats.WarmupRequests++;
            }
            else if (t1 <= measureEnd)
            {
                stats.Record(t1 - t0, status, limitHeader);
            }
            else
            {
                stats.LateRequests++;
            }
        }

        return stats;
    }

    private static long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static string? ReadLoadAverage()
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
}

public sealed record LoadOptions(Uri Url, string? Key, int Concurrency, TimeSpan Duration, TimeSpan Warmup, TimeSpan RequestTimeout,
    string Method = "GET", string? Body = null);

/// <summary>One worker's counts; merged once all workers are done, so nothing is shared while running.</summary>
public sealed class WorkerStats
{
    public List<long> Latencies { get; } = new(capacity: 1 << 14);
    public Dictionary<int, long> StatusCounts { get; } = [];
    public long WarmupRequests { get; set; }
    public long LateRequests { get; set; }
    public long LimitHeaders { get; private set; }
    public string? LimitHeader { get; private set; }
    public string? LastError { get; set; }

    public void Record(long elapsedTimestamp, int status, string? limitHeader)
    {
        Latencies.Add(elapsedTimestamp);
        StatusCounts[status] = StatusCounts.GetValueOrDefault(status) + 1;
        if (limitHeader is not null)
        {
            LimitHeaders++;
            LimitHeader = limitHeader;
        }
    }
}

/// <summary>All workers' requests in the measured window. Latencies are kept whole and sorted: percentiles are exact (nearest rank).</summary>
public sealed class LoadResult
{
    private long[] _sorted = [];

    public DateTimeOffset Started { get; private init; }
    public string? LoadAverage { get; private init; }
    public TimeSpan Window { get; private init; }
    public long Requests => _sorted.Length;
    public double RequestsPerSecond => Requests / Window.TotalSeconds;
    public SortedDictionary<int, long> StatusCounts { get; } = [];
    public long Non2xx => StatusCounts.Where(s => s.Key is not 0 and (< 200 or > 299)).Sum(s => s.Value);
    public long Errors => StatusCounts.GetValueOrDefault(0);
    public long WarmupRequests { get; private set; }
    public long LateRequests { get; private set; }
    public long LimitHeaders { get; private set; }
    public string? LimitHeader { get; private set; }
    public string? LastError { get; private set; }

    public static LoadResult Merge(IReadOnlyList<WorkerStats> workers, TimeSpan window, DateTimeOffset started, string? loadAverage)
    {
        var result = new LoadResult { Started = started, Window = window, LoadAverage = loadAverage };
        var all = new long[workers.Sum(w => w.Latencies.Count)];
        var at = 0;
        foreach (var worker in workers)
        {
            worker.Latencies.CopyTo(all, at);
            at += worker.Latencies.Count;
            foreach (var (status, count) in worker.StatusCounts)
            {
                result.StatusCounts[status] = result.StatusCounts.GetValueOrDefault(status) + count;
            }

            result.WarmupRequests += worker.WarmupRequests;
            result.LateRequests += worker.LateRequests;
            result.LimitHeaders += worker.LimitHeaders;
            result.LimitHeader ??= worker.LimitHeader;
            result.LastError ??= worker.LastError;
        }

        Array.Sort(all);
        result._sorted = all;
        return result;
    }

    /// <summary>Nearest-rank percentile in milliseconds (0 when there were no requests).</summary>
    public double Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return ToMilliseconds(_sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)]);
    }

    public double MeanMilliseconds => _sorted.Length == 0 ? 0 : ToMilliseconds((long)_sorted.Average());

    public string ToJson(LoadOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("started_utc", Started);
            json.WriteString("url", options.Url.ToString());
            json.WriteNumber("concurrency", options.Concurrency);
            json.WriteNumber("warmup_s", options.Warmup.TotalSeconds);
            json.WriteNumber("duration_s", Window.TotalSeconds);
            json.WriteNumber("requests", Requests);
            json.WriteNumber("rps", Math.Round(RequestsPerSecond, 1));
            json.WriteNumber("mean_ms", Math.Round(MeanMilliseconds, 3));
            json.WriteNumber("p50_ms", Math.Round(Percentile(50), 3));
            json.WriteNumber("p90_ms", Math.Round(Percentile(90), 3));
            json.WriteNumber("p99_ms", Math.Round(Percentile(99), 3));
            json.WriteNumber("max_ms", Math.Round(Percentile(100), 3));
            json.WriteNumber("non2xx", Non2xx);
            json.WriteNumber("errors", Errors);
            json.WriteStartObject("status");
            foreach (var (status, count) in StatusCounts)
            {
                json.WriteNumber(status == 0 ? "error" : status.ToString(System.Globalization.CultureInfo.InvariantCulture), count);
            }

            json.WriteEndObject();
            json.WriteNumber("warmup_requests", WarmupRequests);
            json.WriteNumber("late_requests", LateRequests);
            json.WriteNumber("ratelimit_header_responses", LimitHeaders);
            json.WriteString("ratelimit_limit", LimitHeader);
            json.WriteString("loadavg_start", LoadAverage);
            json.WriteString("last_error", LastError);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static double ToMilliseconds(long timestamp) => timestamp * 1000.0 / Stopwatch.Frequency;
}
