using Juxa.Errors;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Juxa.Hosting;

/// <summary>
/// Turns a grain call that failed because PostgreSQL was briefly out of reach (restarting, failing over,
/// a connection cut) into <c>503 SERVICE_UNAVAILABLE</c>. Without it, an API node that is only a client of
/// the cluster answers <c>500</c>: Npgsql's exceptions have no Orleans codec, so what crosses the wire is
/// Orleans' "could not find a codec", not a transient database failure. Co-hosted, the status is the same.
/// The original exception is logged here, in the silo, where it happened.
/// </summary>
public sealed class DatabaseOutageFilter(ILogger<DatabaseOutageFilter> logger) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        // Most calls complete synchronously or succeed: they pay for no state machine here.
        var call = context.Invoke();
        return call.IsCompletedSuccessfully ? Task.CompletedTask : TranslateAsync(call, context);
    }

    private async Task TranslateAsync(Task call, IIncomingGrainCallContext context)
    {
        try
        {
            await call;
        }
        catch (NpgsqlException database) when (database.IsTransient)
        {
            // Not the grain's id: some keys are derived from secrets (an API key's hash).
            logger.LogWarning(database, "Database unavailable during {Interface}.{Method}", context.InterfaceName, context.MethodName);
            throw JuxaException.ServiceUnavailable(
                "The database is briefly unavailable (it is restarting or failing over). Retry in a moment; re-read before you retry a write.");
        }
    }
}
