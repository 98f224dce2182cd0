using System.Net.Http.Json;
using Juxa.Apps;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Api;

/// <summary>
/// Every sign-up and log-in writes a <c>sessions</c> row. Rows of sessions that ended (logged out, or past their 14 days)
/// authorize nothing, so they are purged with the other ended credentials once the purge grace is over; otherwise the
/// table only ever grows.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthSessionPurgeTests(ApiFixture api)
{
    [Fact]
    public async Task Logged_out_and_expired_sessions_are_purged_after_the_grace_and_live_ones_stay()
    {
        var loggedOut = await api.SignUpAsync();
        var expired = await api.SignUpAsync();
        var recentlyLoggedOut = await api.SignUpAsync();
        var live = await api.SignUpAsync();
        await JuxaClient.DataAsync(await loggedOut.Session.Http.PostAsJsonAsync("/api/v1/auth/logout", new { }));
        await JuxaClient.DataAsync(await recentlyLoggedOut.Session.Http.PostAsJsonAsync("/api/v1/auth/logout", new { }));
        await using var db = api.Database.CreateDataSource();
        // Past the default grace (one hour): logged out, and expired, two hours ago.
        await ExecuteAsync(db, "UPDATE sessions SET revoked_at = now() - interval '2 hours' WHERE user_id = $1", loggedOut.UserId);
        await ExecuteAsync(db, "UPDATE sessions SET expires_at = now() - interval '2 hours' WHERE user_id = $1", expired.UserId);

        await api.Factory.Services.GetRequiredService<ExpiredTokenPurger>().PurgeAsync();

        Assert.Equal(0L, await CountSessionsAsync(db, loggedOut.UserId));
        Assert.Equal(0L, await CountSessionsAsync(db, expired.UserId));
        Assert.Equal(1L, await CountSessionsAsync(db, recentlyLoggedOut.UserId));
        Assert.Equal(1L, await CountSessionsAsync(db, live.UserId));
        await live.Session.GetOkAsync("/api/v1/auth/me");
    }

    private static async Task ExecuteAsync(Npgsql.NpgsqlDataSource db, string sql, Guid userId)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue(userId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<long> CountSessionsAsync(Npgsql.NpgsqlDataSource db, Guid userId)
    {
        await using var command = db.CreateCommand("SELECT count(*) FROM sessions WHERE user_id = $1");
        command.Parameters.AddWithValue(userId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
