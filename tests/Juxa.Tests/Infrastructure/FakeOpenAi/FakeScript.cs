using System.Collections.Concurrent;

namespace Juxa.Tests.Infrastructure.FakeOpenAi;

/// <summary>
/// The replies one test expects, played in order, one per request. A request belongs to the
/// script whose <see cref="Tag"/> appears anywhere in it (put the tag in the user's message), so
/// tests sharing one fake server never take each other's replies.
/// </summary>
public sealed class FakeScript(string tag, IEnumerable<FakeReply> replies)
{
    private readonly ConcurrentQueue<FakeReply> _replies = new(replies);
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public string Tag { get; } = tag;

    public IReadOnlyList<FakeRequest> Requests => _requests.ToArray();

    /// <summary>Adds replies for later requests.</summary>
    public FakeScript Then(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }

        return this;
    }

    /// <summary>Waits until the script has received its <paramref name="count"/>-th request and returns it.</summary>
    public async Task<FakeRequest> RequestAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (_requests.Count < count)
        {
            await _arrived.WaitAsync(cts.Token);
        }

        return _requests.ElementAt(count - 1);
    }

    internal FakeReply? Take(FakeRequest request)
    {
        _requests.Enqueue(request);
        _arrived.Release();
        return _replies.TryDequeue(out var reply) ? reply : null;
    }
}
