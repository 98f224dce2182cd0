using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Juxa.Tests.Infrastructure;

/// <summary>
/// Everything a test host logs, at every level: each entry's category, message, structured values and the values of the
/// scopes around it (ASP.NET Core puts the request path in a scope), as a console or JSON provider could print them.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Entries => _entries;

    /// <summary>The entries that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Containing(string text) => _entries.Where(e => e.Contains(text, StringComparison.Ordinal)).ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static string Values(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
        ? string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"))
        : state?.ToString() ?? "";

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            logs._scopes.ForEachScope((scope, list) => list.Add(Values(scope)), scopes);
            logs._entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {Values(state)} | {string.Join(" | ", scopes)}");
        }
    }
}
