using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Juxa.Bench;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Juxa.Bench.Realtime;

/// <summary>
/// Real-time fan-out: <c>--clients</c> SignalR connections in one workspace (all on the same API key,
/// WebSockets only), then REST writes (<c>POST /api/v1/objects/companies/records</c>), and for every
/// write the time from just before sending the POST until each client has received the matching
/// <c>recordCreated</c> (matched on recordId). Before the clients connect, the same writes are timed
/// with nobody listening: the REST-alone baseline. Writes a Markdown report; exit 0 = goal met,
/// 3 = missed (latency over the goal, a lost delivery or a failed connect), 1 = error, 2 = usage.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: Juxa.Bench.Realtime --url http://127.0.0.1:PORT --key oc_sk_... [options]
          --clients N           SignalR connections (default 1000)
          --batch N             connections opened at once (default 50)
          --connect-timeout S   per connection (default 30)
          --warmup N            unmeasured writes before each phase (default 3)
          --writes N            measured writes per phase (default 20)
          --baseline N          measured writes with no client connected (default = --writes)
          --interval MS         pause after each write has been fully delivered (default 200)
          --deliver-timeout S   how long one write may take to reach every client (default 10)
          --goal MS             p99 delivery goal (default 100)
          --output FILE         the Markdown report (default: none, summary on stderr only)
          --command TEXT        the command line, for the report
          --source TEXT         what was built, for the report
        """;

    public static Task<int> Main(string[] args) => BenchFigures.MainAsync("realtime-bench", Usage, () => Options.Parse(args), RunAsync);

    private static async Task<int> RunAsync(Options o)
    {
        // A burst of 1000 handler calls must not wait for the thread pool's slow thread injection.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));

        var loadStart = BenchFigures.LoadAverages();
        var started = DateTimeOffset.UtcNow;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false })
        {
            BaseAddress = new Uri(o.Url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.Key);

        var receipts = new ConcurrentDictionary<Guid, Delivery>();
        var writer = new Writer(http, receipts, o);

        // Phase 1: the REST write alone, nobody listening.
        Say($"baseline: {o.Warmup} warm-up + {o.Baseline} writes, no client connected…");
        await writer.RunAsync("warm-up (no clients)", o.Warmup, expected: 0);
        var baseline = await writer.RunAsync("baseline", o.Baseline, expected: 0);

        // Phase 2: connect the clients, in batches.
        Say($"connecting {o.Clients} clients, {o.Batch} at a time…");
        var clients = new HubConnection?[o.Clients];
        var connectFailures = 0;
        var firstConnectError = (string?)null;
        var closed = 0;
        var connectClock = Stopwatch.StartNew();
        for (var start = 0; start < o.Clients; start += o.Batch)
        {
            var batch = Enumerable.Range(start, Math.Min(o.Batch, o.Clients - start)).Select(async i =>
            {
                var connection = Connect(o, i, receipts, () => Interlocked.Increment(ref closed));
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.ConnectTimeoutSeconds));
                try
                {
                    await connection.StartAsync(timeout.Token);
                    clients[i] = connection;
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref connectFailures);
                    Interlocked.CompareExchange(ref firstConnectError, $"{e.GetType().Name}: {e.Message}", null);
                    await connection.DisposeAsync();
                }
            });
            await Task.WhenAll(batch);
        }

        connectClock.Stop();
        var connected = clients.Count(c => c is not null);
        Say($"{connected} connected in {connectClock.Elapsed.TotalSeconds:F1} s, {connectFailures} failed{(firstConnectError is null ? "" : $" (first: {firstConnectError})")}");
        closed = 0; // only closes from here on matter
        await Task.Delay(1000);

        // Phase 3: writes with every client listening.
        var measured = new List<Write>();
        if (connected > 0)
        {
            Say($"fan-out: {o.Warmup} warm-up + {o.Writes} writes to {connected} clients…");
            await writer.RunAsync("warm-up (clients)", o.Warmup, connected);
            measured = await writer.RunAsync("fan-out", o.Writes, connected);
            await Task.Delay(1000); // late deliveries still count (their latency shows it)
        }

        var stillConnected = clients.Count(c => c is { State: HubConnectionState.Connected });
        var closedDuringWrites = Volatile.Read(ref closed);
        var loadEnd = BenchFigures.LoadAverages();
        Say("closing the connections…");
        foreach (var chunk in clients.Where(c => c is not null).Chunk(100))
        {
            await Task.WhenAll(chunk.Select(async c =>
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await c!.StopAsync(timeout.Token);
                }
                catch (Exception)
                {
                    // closing is best effort; the API is stopped next anyway
                }

                await c!.DisposeAsync();
            }));
        }

        var report = new Report(o, started, loadStart, loadEnd, baseline, measured, receipts, connected, connectFailures,
            firstConnectError, connectClock.Elapsed, closedDuringWrites, stillConnected);
        var markdown = report.Markdown();
        if (o.Output is not null)
        {
            await File.WriteAllTextAsync(o.Output, markdown);
            Say($"report: {o.Output}");
        }

        Console.Error.WriteLine(report.Summary());
        return report.Pass ? 0 : 3;
    }

    private static HubConnection Connect(Options o, int index, ConcurrentDictionary<Guid, Delivery> receipts, Action onClosed)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(o.Url), "/hubs/notifications"), HttpTransportType.WebSockets, options =>
            {
                // WebSockets straight away: one request per connection, the key as ?access_token=.
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(o.Key);
            })
            .Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(120);
        connection.On<JsonElement>("recordCreated", payload =>
        {
            var now = Stopwatch.GetTimestamp();
            if (payload.TryGetProperty("recordId", out var id) && id.TryGetGuid(out var recordId))
            {
                receipts.GetOrAdd(recordId, _ => new Delivery(o.Clients)).Record(index, now);
            }
        });
        connection.Closed += _ =>
        {
            onClosed();
            return Task.CompletedTask;
        };
        return connection;
    }

    internal static void Say(string line) => Console.Error.WriteLine($"realtime-bench: {line}");

}

/// <summary>The receive timestamps of one record's <c>recordCreated</c>, one slot per client.</summary>
internal sealed class Delivery(int clients)
{
    private int _count;
    private int _duplicates;

    public long[] Received { get; } = new long[clients];
    public TaskCompletionSource AllIn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int Count => Volatile.Read(ref _count);
    public int Duplicates => Volatile.Read(ref _duplicates);
    private volatile int _expected = clients;

    public int Expected
    {
        get => _expected;
        set => _expected = value;
    }

    public void Record(int client, long timestamp)
    {
        if (Interlocked.CompareExchange(ref Received[client], timestamp, 0) != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        if (Interlocked.Increment(ref _count) >= _expected)
        {
            AllIn.TrySetResult();
        }
    }
}

/// <summary>
/// Keeps the load generator's own garbage collector out of the measured window. The 1000 connections
/// stand for 1000 browsers, each with its own runtime; in this one process a collection would stop
/// every client at once, and a single gen-2 pause (181 ms in one run) decided the p99. So each
/// fan-out write runs in a no-GC region, entered (with its collection) before the clock starts and
/// left after the last delivery. The API's own collections stay inside the figures.
/// </summary>
internal static class ClientGc
{
    private const long Budget = 200L * 1024 * 1024;

    public static bool TryHold()
    {
        try
        {
            return GC.TryStartNoGCRegion(Budget);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // larger than this runtime allows: measure without the region
        }
    }

    public static void Release()
    {
        if (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }
    }
}

/// <summary>One write: when it was sent, how long the POST took, and its record.</summary>
internal sealed record Write(int Number, long Sent, double PostMs, Guid RecordId, int Expected, double ClientGcPauseMs, int ClientGen2);

/// <summary>Sends the writes, one at a time, and waits for each to reach every client.</summary>
internal sealed class Writer(HttpClient http, ConcurrentDictionary<Guid, Delivery> receipts, Options o)
{
    private int _n;

    public async Task<List<Write>> RunAsync(string phase, int count, int expected)
    {
        var writes = new List<Write>(count);
        for (var i = 0; i < count; i++)
        {
            var number = Interlocked.Increment(ref _n);
            var body = JsonContent.Create(new { values = new { name = $"Fan-out {number} {Guid.NewGuid():N}" } });
            await body.LoadIntoBufferAsync(); // serialize before the clock starts
            var noGc = expected > 0 && ClientGc.TryHold();
            var pauseBefore = GC.GetTotalPauseDuration();
            var gen2Before = GC.CollectionCount(2);
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/api/v1/objects/companies/records", body);
            var text = await response.Content.ReadAsStringAsync();
            var postMs = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{phase}: POST answered {(int)response.StatusCode}: {text}");
            }

            var id = JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("id").GetGuid();
            if (expected > 0)
            {
                var delivery = receipts.GetOrAdd(id, _ => new Delivery(o.Clients));
                delivery.Expected = expected;
                if (delivery.Count >= expected)
                {
                    delivery.AllIn.TrySetResult();
                }

                var done = await Task.WhenAny(delivery.AllIn.Task, Task.Delay(TimeSpan.FromSeconds(o.DeliverTimeoutSeconds)));
                if (done != delivery.AllIn.Task)
                {
                    Program.Say($"{phase} write {number}: only {delivery.Count}/{expected} deliveries after {o.DeliverTimeoutSeconds} s");
                }
            }

            var pause = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
            var gen2 = GC.CollectionCount(2) - gen2Before;
            if (noGc)
            {
                ClientGc.Release();
            }

            writes.Add(new Write(number, sent, postMs, id, expected, pause, gen2));

            await Task.Delay(o.IntervalMs);
        }

        return writes;
    }
}

internal sealed record Options(
    string Url,
    string Key,
    int Clients,
    int Batch,
    double ConnectTimeoutSeconds,
    int Warmup,
    int Writes,
    int Baseline,
    int IntervalMs,
    double DeliverTimeoutSeconds,
    double GoalMs,
    string? Output,
    string? Command,
    string? Source)
{
    public static Options Parse(string[] args)
    {
        var line = CommandLine.Parse(args);
        var url = line.Required("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback)
        {
            throw new UsageException("--url must be an absolute loopback URL (http://127.0.0.1:PORT)");
        }

        var writes = line.Int("writes", 20, 1);
        var options = new Options(
            url.TrimEnd('/'),
            line.Required("key"),
            line.Int("clients", 1000, 1),
            line.Int("batch", 50, 1),
            line.Double("connect-timeout", 30, 1),
            line.Int("warmup", 3, 0),
            writes,
            line.Int("baseline", writes, 1),
            line.Int("interval", 200, 0),
            line.Double("deliver-timeout", 10, 1),
            line.Double("goal", 100, 1),
            line.String("output"),
            line.String("command"),
            line.String("source"));
        line.RejectUnknown();
        return options;
    }
}

/// <summary>The numbers and the Markdown report.</summary>
internal sealed class Report
{
    private readonly Options _o;
    private readonly DateTimeOffset _started;
    private readonly string _loadStart;
    private readonly string _loadEnd;
    private readonly List<Write> _baseline;
    private readonly List<Write> _writes;
    private readonly int _connected;
    private readonly int _connectFailures;
    private readonly string? _connectError;
    private readonly TimeSpan _connectTime;
    private readonly int _closed;
    private readonly int _stillConnected;
    private readonly List<(Write Write, double[] Latencies, int Duplicates)> _perWrite = [];
    private readonly double[] _all;
    private readonly double[] _completion;
    private readonly double[] _fanOutOnly;

    public Report(Options o, DateTimeOffset started, string loadStart, string loadEnd, List<Write> baseline, List<Write> writes,
        ConcurrentDictionary<Guid, Delivery> receipts, int connected, int connectFailures, string? connectError,
        TimeSpan connectTime, int closed, int stillConnected)
    {
        (_o, _started, _loadStart, _loadEnd, _baseline, _writes) = (o, started, loadStart, loadEnd, baseline, writes);
        (_connected, _connectFailures, _connectError, _connectTime, _closed, _stillConnected) =
            (connected, connectFailures, connectError, connectTime, closed, stillConnected);
        foreach (var w in writes)
        {
            var d = receipts.GetValueOrDefault(w.RecordId);
            var latencies = d is null
                ? []
                : d.Received.Where(t => t != 0).Select(t => Stopwatch.GetElapsedTime(w.Sent, t).TotalMilliseconds).Order().ToArray();
            _perWrite.Add((w, latencies, d?.Duplicates ?? 0));
        }

        _all = _perWrite.SelectMany(p => p.Latencies).Order().ToArray();
        _completion = _perWrite.Where(p => p.Latencies.Length > 0).Select(p => p.Latencies[^1]).Order().ToArray();
        _fanOutOnly = _perWrite.Where(p => p.Latencies.Length > 0).Select(p => p.Latencies[^1] - p.Write.PostMs).Order().ToArray();
    }

    private int Expected => _writes.Sum(w => w.Expected);
    private int Delivered => _perWrite.Sum(p => p.Latencies.Length);
    private int Duplicates => _perWrite.Sum(p => p.Duplicates);
    private bool AllDelivered => _writes.Count > 0 && _perWrite.All(p => p.Latencies.Length == _o.Clients);
    private double P99 => Pct(_all, 99);

    public bool Pass => AllDelivered && _connectFailures == 0 && _all.Length > 0 && P99 <= _o.GoalMs;

    public string Summary() =>
        $"realtime-bench: {_connected}/{_o.Clients} connected; deliveries {Delivered}/{_o.Clients * _writes.Count}; "
        + $"delivery p50 {F(Pct(_all, 50))} p99 {F(P99)} max {F(Pct(_all, 100))} ms; completion p50 {F(Pct(_completion, 50))} p99 {F(Pct(_completion, 99))} ms; "
        + $"POST alone p50 {F(Pct(Post(_baseline), 50))} p99 {F(Pct(Post(_baseline), 99))} ms; {(Pass ? "PASS" : "MISS")}";

    public string Markdown()
    {
        var s = new StringBuilder();
        var nproc = Environment.ProcessorCount;
        s.AppendLine($"# Real-time fan-out: {_o.Clients} clients, one workspace ({_started:yyyy-MM-dd})");
        s.AppendLine();
        s.AppendLine($"Generated by `bench/run-realtime.sh` at {_started:yyyy-MM-dd HH:mm} UTC. Goal: p99 delivery ≤ {F(_o.GoalMs)} ms, every client gets every write.");
        s.AppendLine();
        s.AppendLine($"**Verdict: {(Pass ? "PASS" : "MISS")}** — p99 delivery {F(P99)} ms (goal ≤ {F(_o.GoalMs)} ms), "
            + $"{Delivered}/{_o.Clients * _writes.Count} deliveries, {_connectFailures} connect failure(s).");
        s.AppendLine();
        s.AppendLine("| | |");
        s.AppendLine("|---|---|");
        s.AppendLine($"| Command | `{_o.Command ?? "(not given)"}` |");
        if (_o.Source is not null)
        {
            s.AppendLine($"| Measured | {_o.Source} |");
        }

        s.AppendLine($"| Machine | nproc {nproc}; /proc/loadavg (1/5/15 min) {_loadStart} at the start, {_loadEnd} after the last write |");
        s.AppendLine($"| Clients | {_connected}/{_o.Clients} connected (WebSockets, negotiation skipped, one API key), {_o.Batch} at a time in {_connectTime.TotalSeconds:F1} s; {_connectFailures} failed{(_connectError is null ? "" : $" (first: `{_connectError}`)")}; {_closed} closed during the writes; {_stillConnected} still connected at the end |");
        s.AppendLine($"| Writes | {_o.Warmup} warm-up + {_baseline.Count} with no client connected (baseline), then {_o.Warmup} warm-up + {_writes.Count} with every client connected; one at a time, each waits until every client has it (at most {F(_o.DeliverTimeoutSeconds)} s), then {_o.IntervalMs} ms |");
        s.AppendLine();
        s.AppendLine("Latency is measured from just before the POST is sent until a client's `recordCreated` handler runs (matched on the");
        s.AppendLine("record id). Completion is that time for the last client of a write. Percentiles are nearest-rank over every value.");
        s.AppendLine();
        s.AppendLine("| Measure | n | p50 ms | p99 ms | max ms |");
        s.AppendLine("|---|---:|---:|---:|---:|");
        Row(s, "**Delivery, per client** (all deliveries)", _all);
        Row(s, "Completion, per write (last client)", _completion);
        Row(s, "Completion − that write's POST latency", _fanOutOnly);
        Row(s, "POST latency, no client connected (baseline)", Post(_baseline));
        Row(s, "POST latency, with the clients connected", Post(_writes));
        s.AppendLine();
        s.AppendLine($"Deliveries: {Delivered} of {Expected} expected ({_writes.Count} writes × {_connected} connected clients; {_o.Clients * _writes.Count} for all {_o.Clients}); duplicates: {Duplicates}.");
        s.AppendLine();
        s.AppendLine("Per write (fan-out phase):");
        s.AppendLine();
        s.AppendLine("| Write | POST ms | first client ms | p50 ms | p99 ms | last client ms | delivered | client GC pause ms (gen2) |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (w, l, _) in _perWrite)
        {
            s.AppendLine($"| {w.Number} | {F(w.PostMs)} | {F(Pct(l, 0))} | {F(Pct(l, 50))} | {F(Pct(l, 99))} | {F(Pct(l, 100))} | {l.Length}/{_o.Clients} | {F(w.ClientGcPauseMs)} ({w.ClientGen2}) |");
        }

        s.AppendLine();
        s.AppendLine("The clients, the API (with its co-hosted Orleans silo) and PostgreSQL share the same cores, so the client");
        s.AppendLine($"side's own work ({_connected} WebSocket reads and JSON parses per write) is inside these figures. The client");
        s.AppendLine("process's garbage collector is not: each fan-out write runs in a no-GC region of the bench process, entered");
        s.AppendLine("before the clock starts, because its 1000 connections stand for 1000 separate browsers and one collection here");
        s.AppendLine("would stop them all at once. The last column shows the bench's own GC pause during each write (it should be 0);");
        s.AppendLine("the API's collections are inside the figures.");
        return s.ToString();
    }

    private static double[] Post(List<Write> writes) => writes.Select(w => w.PostMs).Order().ToArray();

    private static void Row(StringBuilder s, string name, double[] sorted) =>
        s.AppendLine($"| {name} | {sorted.Length} | {F(Pct(sorted, 50))} | {F(Pct(sorted, 99))} | {F(Pct(sorted, 100))} |");

    private static double Pct(double[] sorted, double p) => BenchFigures.NearestRank(sorted, p);

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("F1", CultureInfo.InvariantCulture);
}
