using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Juxa.Tests.Infrastructure;

/// <summary>
/// The errors the test hosts logged (the most recent 500), so that a test that gets a 500 can show the server's
/// exception: the API logs it under the request id it returns in <c>X-Request-Id</c>.
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private const int Kept = 500;

    private static readonly ConcurrentQueue<string> Entries = new();

    public static readonly ServerErrors Provider = new();

    /// <summary>What the hosts logged about this request id, or a note that they logged nothing.</summary>
    public static string For(string? requestId)
    {
        var found = requestId is null ? [] : Entries.Where(e => e.Contains(requestId, StringComparison.Ordinal)).ToArray();
        return found.Length == 0 ? "(the test hosts logged no error for this request)" : string.Join(Environment.NewLine, found);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            Entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}");
            while (Entries.Count > Kept && Entries.TryDequeue(out _))
            {
            }
        }
    }
}
