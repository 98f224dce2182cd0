using Juxa.Database;
using Npgsql;

namespace Juxa.Tests.Infrastructure;

/// <summary>
/// For race tests that hold a lock in a transaction of their own: waits until the code under test is blocked on it, so
/// that what the test does next (commit, delete) happens while that code waits, not before it has started.
/// </summary>
public static class LockWaits
{
    /// <summary>
    /// Returns once a statement whose text is <c>LIKE</c> <paramref name="statementLike"/> waits for a lock (or
    /// <paramref name="statements"/> of them at once). Fails when <paramref name="request"/> finishes first (it never
    /// waited), or after 15 s.
    /// </summary>
    public static async Task UntilAStatementWaitsAsync(NpgsqlDataSource db, string statementLike = "%", Task? request = null, int statements = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            Assert.False(request?.IsCompleted == true, $"The request finished without waiting for a lock (a statement like '{statementLike}').");
            // A connection of its own each time: inside a transaction, pg_stat_activity keeps showing its first snapshot.
            await using var connection = await db.OpenConnectionAsync();
            var waiting = await connection.Command(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1",
                    statementLike)
                .FirstOrDefaultAsync(r => r.GetInt64(0), CancellationToken.None);
            if (waiting >= statements)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Waited 15 s for a statement like '{statementLike}' to wait for a lock.");
            await Task.Delay(10);
        }
    }
}
