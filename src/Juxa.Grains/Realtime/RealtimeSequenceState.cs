namespace Juxa.Realtime;

/// <summary>
/// A stream's persisted high-water mark: every number up to <see cref="Reserved"/> may have been
/// handed out. An activation reserves a block above it before handing out numbers, so a new
/// activation (after a crash, a restart, a move) always starts above anything clients have seen.
/// </summary>
[GenerateSerializer, Alias("juxa.RealtimeSequenceState")]
public sealed record RealtimeSequenceState
{
    [Id(0)]
    public long Reserved { get; init; }
}
