namespace Juxa.Database;

/// <summary>
/// The system clock, read to the microsecond: PostgreSQL keeps timestamps to the microsecond, .NET's clock ticks in
/// 100 ns. A time taken for a write is then exactly the time stored, so what a write returns or pushes (a record's
/// <c>updatedAt</c> from its grain's hot copy, a list entry's <c>createdAt</c>, an event) equals what a later read of the
/// row returns, and a client comparing the two sees no change where there was none.
/// </summary>
public sealed class MicrosecondClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => Truncate(base.GetUtcNow());

    /// <summary>The time as PostgreSQL stores it: Npgsql sends whole microseconds, dropping the finer ticks.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));
}
