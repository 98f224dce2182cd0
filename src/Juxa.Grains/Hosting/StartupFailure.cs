using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Npgsql;

namespace Juxa.Hosting;

/// <summary>
/// Says in one line why a Juxa process could not start, for the failures an operator causes and can fix: bad settings,
/// a database that cannot be reached or refuses the login, a port that is taken. Program.cs catches exactly these
/// (<c>catch ... when (StartupFailure.Explain(e) is { } reason)</c>), prints the line and exits with status 1; any
/// other exception is a bug and keeps its stack trace. The host's own "Hosting failed to start" log of the same
/// exception is kept out by appsettings.json (category <c>Microsoft.Extensions.Hosting.Internal.Host</c> at Critical,
/// which still shows a failing background service stopping the host).
/// </summary>
public static class StartupFailure
{
    /// <summary>The exit status of a process that stopped for one of these reasons.</summary>
    public const int ExitCode = 1;

    /// <summary>The one-line reason (several lines only for several bad settings), or null when the exception is not one of these.</summary>
    public static string? Explain(Exception exception)
    {
        foreach (var e in Chain(exception))
        {
            switch (e)
            {
                case InvalidSettingsException settings:
                    return settings.Message;
                case PostgresException postgres:
                    return $"the database in ConnectionStrings:Juxa refused Juxa: {postgres.SqlState}: {postgres.MessageText}";
                case NpgsqlException npgsql:
                    return $"cannot reach the database in ConnectionStrings:Juxa: {npgsql.Message}"
                        + (npgsql.InnerException is { } cause and (SocketException or TimeoutException) ? $" ({cause.Message})" : "");
                case IOException { InnerException: AddressInUseException } bind:
                    // Kestrel: "Failed to bind to address http://127.0.0.1:3077: address already in use."
                    return $"{bind.Message} Another process listens there: stop it, or set ASPNETCORE_URLS to a free port.";
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } socket:
                    return $"a port is already in use ({socket.Message}): check Juxa__Orleans__SiloPort and Juxa__Orleans__GatewayPort.";
            }
        }

        return null;
    }

    /// <summary>The exception, its causes, and the members of aggregates (a host that failed in several places).</summary>
    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
