using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Bench.Chat;

/// <summary>
/// How fast a provider's chunk reaches a chat client through Juxa. This process hosts the
/// OpenAI-compatible fake provider (the one the tests use) on <c>--fake-port</c>, which the Juxa API
/// under test is configured to call. For every stream, the fake notes the moment it writes its first
/// text chunk and the client notes the moment it has parsed the first <c>delta</c> event: one clock,
/// one process. The baseline reads the same scripted stream straight from the fake. Phases alternate
/// baseline and Juxa (sample by sample with one stream, round by round with many) so drift in machine
/// load hits both alike. Exit 0 = goal met, 3 = missed, 1 = error, 2 = usage.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: Juxa.Bench.Chat --url http://127.0.0.1:PORT --key oc_sk_... --fake-port PORT [options]
          --streams N        single-stream samples, each of Juxa and the baseline (default 50)
          --concurrency N    streams at once in the concurrent phase (default 100)
          --rounds N         streams each concurrent worker runs back to back, each of Juxa and the baseline (default 3)
          --warmup N         unmeasured single streams each way (default 10)
          --chunks N         text chunks per reply (default 100)
          --chunk-delay MS   pause between chunks (default 20)
          --goal MS          single-stream median goal (default 5)
          --ratio X          concurrent median / single median goal (default 2)
          --output FILE      the Markdown report
          --command TEXT     the command line, for the report
          --source TEXT      what was built, for the report
        """;

    public static Task<int> Main(string[] args) => BenchFigures.MainAsync("chat-bench", Usage, () => Options.Parse(args), RunAsync);

    private static async Task<int> RunAsync(Options o)
    {
        // 2 × concurrency handlers (fake and client side) start at once: no waiting for thread injection.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 2 * o.Concurrency + 16), Math.Max(io, 2 * o.Concurrency + 16));

        await using var fake = await FakeOpenAiServer.StartAsync(o.FakePort);
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 4 * o.Concurrency })
        {
            BaseAddress = new Uri(o.Url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.Key);
        using var direct = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 4 * o.Concurrency })
        {
            BaseAddress = fake.Endpoint,
            Timeout = TimeSpan.FromSeconds(60),
        };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeOpenAiServer.ApiKey);
        var streams = new Streams(fake, api, direct, o);

        var loadStart = BenchFigures.LoadAverages();
        var started = DateTimeOffset.UtcNow;
        Say($"warm-up: {o.Warmup} streams each way…");
        for (var i = 0; i < o.Warmup; i++)
        {
            await streams.DirectAsync();
            await streams.JuxaAsync();
        }

        // The single and the concurrent figures must both come from the API's steady state. Ten single
        // streams leave most of the concurrent path at tier 0: one run spent a third of the API's CPU in
        // the tiered JIT while the 100-stream samples were taken. One unmeasured concurrent round each
        // way, then a pause for the background compiler, brings both measurements onto tier-1 code.
        Say($"warm-up: {o.Concurrency} streams open at once, each way, unmeasured…");
        await streams.SteadyAsync(streams.DirectAsync);
        await streams.SteadyAsync(streams.JuxaAsync);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Say($"one stream at a time: {o.Streams} samples each way…");
        var single = new Measured();
        for (var i = 0; i < o.Streams; i++)
        {
            single.Baseline.Add(await streams.DirectAsync());
            single.Juxa.Add(await streams.JuxaAsync());
        }

        Say($"{o.Concurrency} streams open at once: {o.Concurrency} workers × (1 + {o.Rounds}) streams, baseline then Juxa, twice…");
        var concurrent = new Measured();
        for (var i = 0; i < 2; i++)
        {
            concurrent.Baseline.AddRange(await streams.SteadyAsync(streams.DirectAsync));
            concurrent.Juxa.AddRange(await streams.SteadyAsync(streams.JuxaAsync));
        }

        var report = new ChatReport(o, started, loadStart, BenchFigures.LoadAverages(), single, concurrent);
        if (o.Output is not null)
        {
            await File.WriteAllTextAsync(o.Output, report.Markdown());
            Say($"report: {o.Output}");
        }

        Console.Error.WriteLine(report.Summary());
        return report.Pass ? 0 : 3;
    }

    internal static void Say(string line) => Console.Error.WriteLine($"chat-bench: {line}");

}

/// <summary>
/// One stream: the provider's first text chunk → the client's first delta, the whole request for context, and
/// how many streams of the same kind were open when the first delta arrived.
/// </summary>
internal sealed record Sample(double FirstDeltaMs, double ToFirstEventMs, double TotalMs, int Open);

internal sealed class Measured
{
    public List<Sample> Juxa { get; } = [];

    public List<Sample> Baseline { get; } = [];
}

/// <summary>Runs single streams through Juxa or straight from the fake, and concurrent rounds of them.</summary>
internal sealed class Streams(FakeOpenAiServer fake, HttpClient api, HttpClient direct, Options o)
{
    private int _open;

    private FakeReply Reply() =>
        FakeReply.Text(Enumerable.Range(0, o.Chunks).Select(i => $"word{i} ").ToArray()).WithDelay(TimeSpan.FromMilliseconds(o.ChunkDelayMs));

    /// <summary>A legal-assistant completion through Juxa (a new conversation each time), read event by event.</summary>
    public Task<Sample> JuxaAsync()
    {
        var script = fake.Script(Reply());
        return MeasureAsync(script, api, "/api/v1/chat/completions", new { message = "Benchmark question " + script.Tag, legalAssistantMode = true },
            item => item.EventType switch
            {
                "delta" => Item.Delta,
                "done" => Item.Done,
                "error" => throw new InvalidOperationException("the stream failed: " + item.Data),
                _ => Item.Other,
            });
    }

    /// <summary>The same scripted reply read straight from the fake provider, as an OpenAI client would (a JSON parse per chunk).</summary>
    public Task<Sample> DirectAsync()
    {
        var script = fake.Script(Reply());
        var body = new
        {
            model = FakeOpenAiServer.Model,
            stream = true,
            stream_options = new { include_usage = true },
            messages = new[] { new { role = "user", content = "Benchmark question " + script.Tag } },
        };
        return MeasureAsync(script, direct, "chat/completions", body, item =>
        {
            if (item.Data == "[DONE]")
            {
                return Item.Done;
            }

            using var chunk = JsonDocument.Parse(item.Data);
            return chunk.RootElement.GetProperty("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0
                && choices[0].GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 }
                ? Item.Delta
                : Item.Other;
        });
    }

    private enum Item
    {
        Other,
        Delta,
        Done,
    }

    /// <summary>POSTs <paramref name="body"/> and reads the event stream to its end, noting when the first event and the first delta arrived.</summary>
    private async Task<Sample> MeasureAsync(FakeScript script, HttpClient client, string path, object body, Func<SseItem<string>, Item> classify)
    {
        var content = JsonContent.Create(body);
        await content.LoadIntoBufferAsync(); // serialized before the clock starts
        using var open = Open();
        var sent = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync();
        long firstEvent = 0, firstDelta = 0;
        int deltas = 0, openAtFirst = 0;
        var done = false;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync())
        {
            var now = Stopwatch.GetTimestamp();
            firstEvent = firstEvent == 0 ? now : firstEvent;
            switch (classify(item))
            {
                case Item.Delta when firstDelta == 0:
                    (firstDelta, openAtFirst, deltas) = (now, Volatile.Read(ref _open), 1);
                    break;
                case Item.Delta:
                    deltas++;
                    break;
                case Item.Done:
                    done = true;
                    break;
            }
        }

        return Check(script, sent, firstEvent, firstDelta, deltas, done, openAtFirst);
    }

    /// <summary>
    /// <c>--concurrency</c> workers, each running one unmeasured stream and then <c>--rounds</c> measured ones back to
    /// back, their starts spread over one reply's length: a steady state of that many open streams, with new ones
    /// starting all the time (not one burst of simultaneous starts). Only samples whose first delta arrived while at
    /// least 90% of the streams were open are kept, so the ramp-up and the tail do not count.
    /// </summary>
    public async Task<List<Sample>> SteadyAsync(Func<Task<Sample>> one)
    {
        var stagger = TimeSpan.FromMilliseconds((double)o.Chunks * o.ChunkDelayMs / o.Concurrency);
        var workers = Enumerable.Range(0, o.Concurrency).Select(async w =>
        {
            await Task.Delay(stagger * w);
            await one();
            var samples = new List<Sample>();
            for (var i = 0; i < o.Rounds; i++)
            {
                samples.Add(await one());
            }

            return samples;
        }).ToArray();
        return (await Task.WhenAll(workers)).SelectMany(s => s).Where(s => s.Open >= 0.9 * o.Concurrency).ToList();
    }

    /// <summary>Counts a stream as open until disposed.</summary>
    private OpenStream Open()
    {
        Interlocked.Increment(ref _open);
        return new OpenStream(this);
    }

    private readonly struct OpenStream(Streams owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._open);
    }

    private Sample Check(FakeScript script, long sent, long firstEvent, long firstDelta, int deltas, bool done, int open)
    {
        var upstream = script.Requests.Single();
        if (!done || deltas != o.Chunks || firstDelta == 0 || upstream.FirstTextAt == 0)
        {
            throw new InvalidOperationException($"incomplete stream: {deltas}/{o.Chunks} deltas, done={done}");
        }

        return new Sample(Stopwatch.GetElapsedTime(upstream.FirstTextAt, firstDelta).TotalMilliseconds,
            Stopwatch.GetElapsedTime(sent, firstEvent).TotalMilliseconds, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, open);
    }
}

internal sealed record Options(
    string Url,
    string Key,
    int FakePort,
    int Streams,
    int Concurrency,
    int Rounds,
    int Warmup,
    int Chunks,
    int ChunkDelayMs,
    double GoalMs,
    double Ratio,
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

        var options = new Options(
            url.TrimEnd('/'),
            line.Required("key"),
            line.Int("fake-port", 0, 1),
            line.Int("streams", 50, 1),
            line.Int("concurrency", 100, 1),
            line.Int("rounds", 3, 1),
            line.Int("warmup", 10, 0),
            line.Int("chunks", 100, 1),
            line.Int("chunk-delay", 20, 0),
            line.Double("goal", 5, 0.01),
            line.Double("ratio", 2, 1),
            line.String("output"),
            line.String("command"),
            line.String("source"));
        if (options.FakePort == 0)
        {
            throw new UsageException("--fake-port is required");
        }

        line.RejectUnknown();
        return options;
    }
}
