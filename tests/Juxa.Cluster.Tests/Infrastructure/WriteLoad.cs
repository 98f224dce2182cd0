using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Juxa.Cluster.Tests.Infrastructure;

/// <summary>
/// Writers that create company records in a loop and remember every acknowledged id (a 201 with the
/// record in its body) and every attempt's outcome and timing. An answer that is not a 201, or no
/// answer, is not an acknowledgement: the writer just goes on.
/// </summary>
public sealed class WriteLoad
{
    private readonly List<Attempt> _attempts = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly Stopwatch _clock;

    private WriteLoad(Stopwatch clock, Func<int, HttpClient> client, int workers, string prefix, TimeSpan pause)
    {
        _clock = clock;
        _workers = Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(client(w), $"{prefix}-{w}", pause))).ToArray();
    }

    /// <summary>Starts <paramref name="workers"/> writers; worker w posts through <paramref name="client"/>(w).</summary>
    public static WriteLoad Start(Stopwatch clock, Func<int, HttpClient> client, int workers, string prefix, TimeSpan? pause = null) =>
        new(clock, client, workers, prefix, pause ?? TimeSpan.FromMilliseconds(20));

    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (_lock)
            {
                return [.. _attempts];
            }
        }
    }

    public IReadOnlyList<Guid> Acknowledged => Attempts.Where(a => a.Id is not null).Select(a => a.Id!.Value).ToList();

    /// <summary>True once the last <paramref name="window"/> had successes and no failure.</summary>
    public bool HealthyFor(TimeSpan window)
    {
        var since = _clock.Elapsed - window;
        var recent = Attempts.Where(a => a.Ended >= since).ToList();
        return recent.Count > 0 && recent.All(a => a.Succeeded) && Attempts.Any(a => a.Succeeded && a.Started >= since);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    private async Task WorkAsync(HttpClient http, string name, TimeSpan pause)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var started = _clock.Elapsed;
            int status;
            Guid? id = null;
            string? error = null;
            try
            {
                using var response = await http.PostAsJsonAsync("/api/v1/objects/companies/records", new { values = new { name = $"{name}-{n}" } });
                status = (int)response.StatusCode;
                if (status == 201)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                    id = body!["data"]!["id"]!.GetValue<Guid>();
                }
                else
                {
                    var text = await response.Content.ReadAsStringAsync();
                    error = $"{status}: {text[..Math.Min(200, text.Length)]}";
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                status = 0;
                error = ex.GetType().Name + ": " + ex.Message;
            }

            lock (_lock)
            {
                _attempts.Add(new Attempt(started, _clock.Elapsed, status, id, error));
            }

            try
            {
                await Task.Delay(pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}

/// <summary>One request of a <see cref="WriteLoad"/>: when it started and ended (on the test's clock), and how it went.</summary>
public sealed record Attempt(TimeSpan Started, TimeSpan Ended, int Status, Guid? Id, string? Error)
{
    public bool Succeeded => Id is not null;

    public TimeSpan Latency => Ended - Started;
}

public static class AttemptExtensions
{
    /// <summary>How the failed attempts failed, e.g. "12x 503, 1x no answer" ("none failed" when none did).</summary>
    public static string Failures(this IEnumerable<Attempt> attempts) =>
        string.Join(", ", attempts.Where(a => !a.Succeeded).GroupBy(a => a.Status).Select(g => $"{g.Count()}x {(g.Key == 0 ? "no answer" : g.Key.ToString())}"))
            is { Length: > 0 } text ? text : "none failed";
}
