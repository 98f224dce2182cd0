using System.Net.Sockets;
using System.Text.Json;
using Juxa.Api.Http;
using Juxa.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Juxa.Tests.Unit;

/// <summary>
/// Failures that come from a node or the database being briefly away, or from a transaction PostgreSQL rolled back for a
/// concurrent one, answer 503 with <c>Retry-After</c>, so a client knows to retry; anything else stays a 500. The fault tests (tests/Juxa.Cluster.Tests) cause the real ones.
/// </summary>
public sealed class OutageStatusTests
{
    public static TheoryData<string, Exception> Outages => new()
    {
        { "message rejected (silo gone)", new SiloUnavailableException() },
        { "database connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "database shutting down", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown) },
        { "grain call response timeout", new TimeoutException("Response did not arrive on time in 00:00:30") },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task An_outage_answers_503_with_retry_after(string what, Exception outage)
    {
        var (context, error) = await HandleAsync(outage);

        Assert.True(context.Response.StatusCode == 503, what);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(ErrorCodes.ServiceUnavailable, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_timeout_says_a_write_may_have_been_applied()
    {
        var (_, error) = await HandleAsync(new TimeoutException("Response did not arrive on time"));

        Assert.Contains("may or may not have been applied", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    public async Task A_transaction_rolled_back_for_a_concurrent_one_is_a_503_that_says_so(string sqlState)
    {
        var (context, error) = await HandleAsync(new PostgresException("deadlock detected", "ERROR", "ERROR", sqlState));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(ErrorCodes.ServiceUnavailable, error.GetProperty("code").GetString());
        Assert.Equal("The request collided with a concurrent change and was rolled back: nothing of it was applied. Send it again.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Any_other_failure_is_a_500_without_retry_after()
    {
        var (context, error) = await HandleAsync(new InvalidOperationException("boom"));

        Assert.Equal(500, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
        Assert.Equal(ErrorCodes.InternalError, error.GetProperty("code").GetString());
    }

    private static async Task<(HttpContext Context, JsonElement Error)> HandleAsync(Exception exception)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        Assert.True(await new JuxaExceptionHandler(NullLogger<JuxaExceptionHandler>.Instance).TryHandleAsync(context, exception, CancellationToken.None));

        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        return (context, body.RootElement.GetProperty("error").Clone());
    }
}
